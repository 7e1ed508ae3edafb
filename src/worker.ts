import 'reflect-metadata';
import { createWorkerApp } from './create-worker-app.js';
import { runProcess } from './core/http/run-process.js';

await runProcess('worker', async () => [await createWorkerApp()]);
