#!/usr/bin/env node
// Committed launcher: it exists before the first build, so `npm ci` links `mk-dns` into
// node_modules/.bin on a fresh clone. The program itself is dist/bin/mk-dns.js (`npm run build`).
try {
  await import('../dist/bin/mk-dns.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin/mk-dns.js')) {
    console.error('error: mk-dns is not built yet; run `npm run build` (or `npm start`) first');
    process.exit(1);
  }
  throw err;
}
