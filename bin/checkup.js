#!/usr/bin/env node
// Runs the compiled CLI (npm run build). During development, `npm run dev` runs the sources.
import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    console.error('checkup: not built yet. Run `npm run build` first.');
    process.exit(1);
  }
  throw err;
});
