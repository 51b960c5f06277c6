-- pgvector must exist before any table uses vector(n); drizzle-kit never writes this itself.
CREATE EXTENSION IF NOT EXISTS vector;
