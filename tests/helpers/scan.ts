import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/** Where an identifier was found: one table and column, and how many rows hold it. */
export type TScanHit = { schema: string; table: string; column: string; identifier: string; rows: number };

/** Column types that can hold an identifier: text of any kind, uuids, JSON, and arrays of them. */
const SEARCHED_TYPES = new Set(['text', 'character varying', 'character', 'uuid', 'json', 'jsonb', 'ARRAY']);

/** Schemas that are Postgres's own, not Parley's (pg-boss's `pgboss` schema is scanned: jobs carry ids). */
const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast'];

type TColumn = { table_schema: string; table_name: string; column_name: string; data_type: string };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Scans every column that can hold text in every table of the database — read from the catalogue, so a table
 * or column added by a later migration is scanned without touching this helper — for each identifier
 * (uuids, tokens, e-mail addresses, names), case-insensitively, inside JSON and arrays too. Returns where
 * each one occurs; an empty list means the database holds none of them.
 */
export async function scanDatabase(database: Database, identifiers: string[]): Promise<TScanHit[]> {
  const wanted = [...new Set(identifiers.filter((value) => value.length >= 3))];
  if (wanted.length === 0) throw new Error('scanDatabase needs identifiers of three characters or more');
  const columns = await database.rows<TColumn>(sql`
    select c.table_schema, c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE'
      and c.table_schema not in (${sql.join(
        SYSTEM_SCHEMAS.map((name) => sql`${name}`),
        sql`, `,
      )})
      and c.table_schema not like 'pg_temp%'
    order by c.table_schema, c.table_name, c.ordinal_position`);
  const byTable = new Map<string, TColumn[]>();
  for (const column of columns) {
    if (!SEARCHED_TYPES.has(column.data_type)) continue;
    const key = `${quote(column.table_schema)}.${quote(column.table_name)}`;
    byTable.set(key, [...(byTable.get(key) ?? []), column]);
  }
  const hits: TScanHit[] = [];
  // One query per table: a count per (column, identifier) pair, so the scan stays quick on PGlite.
  for (const [target, tableColumns] of byTable) {
    const pairs = tableColumns.flatMap((column) => wanted.map((identifier, index) => ({ column, identifier, index })));
    const counts = pairs.map(
      (pair, n) =>
        `count(*) filter (where strpos(lower(${quote(pair.column.column_name)}::text), $${pair.index + 1}) > 0)::int as c${n}`,
    );
    const { rows } = await database.executeSql(
      `select ${counts.join(', ')} from ${target}`,
      wanted.map((identifier) => identifier.toLowerCase()),
    );
    pairs.forEach((pair, n) => {
      const found = Number(rows[0]?.[`c${n}`] ?? 0);
      if (found === 0) return;
      hits.push({
        schema: pair.column.table_schema,
        table: pair.column.table_name,
        column: pair.column.column_name,
        identifier: pair.identifier,
        rows: found,
      });
    });
  }
  return hits;
}

/** The tables the scan covers (for a test to show it reaches every table of the schema). */
export async function scannedTables(database: Database): Promise<string[]> {
  const tables = await database.rows<{ name: string }>(sql`
    select distinct c.table_schema || '.' || c.table_name as name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE'
      and c.table_schema not in ('pg_catalog', 'information_schema', 'pg_toast')
    order by 1`);
  return tables.map((row) => row.name);
}
