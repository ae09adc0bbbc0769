// Runs every test/*.test.mjs in one process: the HCL parser (WebAssembly) and the provider
// schema load once instead of once per file. `node --test` alone also finds them, one process
// per file, more slowly.
import { readdirSync } from 'node:fs';

const dir = new URL('./test/', import.meta.url);
for (const name of readdirSync(dir).filter((n) => n.endsWith('.test.mjs')).sort()) {
  await import(new URL(name, dir));
}
