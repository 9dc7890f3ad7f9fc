import { Client } from 'pg';

/** The test PostgreSQL server (scripts/system-deps.sh starts one locally). */
export const postgres = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'backstage',
  password: process.env.POSTGRES_PASSWORD ?? 'backstage',
  database: 'postgres',
};

/** Drops the databases a test run created (one per plugin, all with its prefix). */
export async function dropDatabases(prefix: string) {
  const client = new Client(postgres);
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
