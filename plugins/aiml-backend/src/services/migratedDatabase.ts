import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The plugin's database client, its migrations applied (unless the deployment skips them). */
export async function migratedDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@eks-aiml/plugin-aiml-backend',
        'migrations',
      ),
    });
  }
  return db;
}
