/**
 * pgvector is not a trusted extension: only a superuser (or, on managed
 * services, their admin role) may create it, and the app's role usually is
 * neither. Migration 0000 then fails with Postgres's bare "permission denied";
 * this turns that into the one step that fixes it.
 */
export class VectorExtensionError extends Error {
  constructor(
    readonly reason: 'permission' | 'not-installed',
    readonly database: string,
    readonly user: string,
  ) {
    super(vectorExtensionMessage({ reason, database, user }));
    this.name = 'VectorExtensionError';
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function vectorExtensionMessage(options: {
  reason: VectorExtensionError['reason'];
  database: string;
  user: string;
}) {
  const create = `CREATE EXTENSION vector;`;
  const where = `in the database ${quoteIdent(options.database)}`;
  const psql = `psql -U postgres -d ${quoteIdent(options.database)} -c '${create}'`;
  if (options.reason === 'not-installed') {
    return (
      `The Postgres server has no pgvector, which Parley needs. Install it on the server (the package ` +
      `postgresql-<version>-pgvector, or the image pgvector/pgvector), then run ${create} as a superuser ` +
      `${where} (for example: ${psql}) and start Parley again.`
    );
  }
  return (
    `The database role ${quoteIdent(options.user)} may not create the pgvector extension (only a superuser may). ` +
    `Run ${create} once as a superuser ${where} (for example: ${psql}), then start Parley again.`
  );
}

type PgError = { code?: string; message?: string; cause?: unknown };

/** Which pgvector problem an error from the migrator is, if any; drizzle wraps the driver's error in `cause`. */
export function vectorExtensionProblem(error: unknown): VectorExtensionError['reason'] | null {
  for (let current = error as PgError | undefined, depth = 0; current && depth < 5; depth++) {
    const message = current.message ?? '';
    if (current.code === '42501' && message.includes('extension "vector"')) return 'permission';
    // Postgres 15 names the missing control file; 16 and later say the extension is not available.
    if (/vector\.control|extension "vector" is not available/.test(message)) return 'not-installed';
    current = current.cause as PgError | undefined;
  }
  return null;
}
