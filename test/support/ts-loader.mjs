// Runs the TypeScript sources in a child process without a build: `node --import
// ./test/support/ts-loader.mjs src/worker.ts`. Compiles with @swc/core and the project's .swcrc,
// as Jest does, and maps the sources' `.js` import specifiers to their `.ts` files.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
