import 'reflect-metadata';
import { AppConfig } from './core/config/app-config.js';
import { createApiApp } from './create-api-app.js';
import { createWorkerApp } from './create-worker-app.js';
import { runProcess } from './core/http/run-process.js';

/** The api and a worker in one process: for a laptop or a demo. Production runs them apart. */
await runProcess('api+worker', async () => {
  const worker = await createWorkerApp();
  const api = await createApiApp();
  const config = api.get(AppConfig);
  await api.listen(config.PORT, config.HOST);
  return [api, worker];
});
