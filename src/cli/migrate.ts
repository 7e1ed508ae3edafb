import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../core/config/app-config.js';
import { dataSourceOptions } from '../data-source-options.js';

/** `npm run migrate`: applies pending migrations, each in its own transaction, and says which. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions({ url: databaseUrl, applicationName: 'fairshift-migrate' }),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const config = loadAppConfig(process.env);
    const applied = await migrate(config.DATABASE_URL);
    console.log(
      applied.length > 0 ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date',
    );
  } catch (error) {
    console.error(`migration failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
