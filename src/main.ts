import 'reflect-metadata';
import { AppConfig } from './core/config/app-config.js';
import { createApiApp } from './create-api-app.js';
import { runProcess } from './core/http/run-process.js';

await runProcess('api', async () => {
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen(config.PORT, config.HOST);
  return [app];
});
