import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAppConfig } from './core/config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** For the TypeORM CLI (`npm run migration:generate`): reads DATABASE_URL like the app does. */
const config = loadAppConfig(process.env);
export default new DataSource(dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'fairshift-cli' }));
