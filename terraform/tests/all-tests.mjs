// Runs every test file in one process: test/*.test.mjs (the checks that need no terraform
// binary: the HCL parser and the provider schema load once) and then test-real/*.test.mjs (the
// real terraform binary and provider, and the reproducible packages). `node --test` alone also
// finds them, one process per file, more slowly.
import { readdirSync } from 'node:fs';

for (const folder of ['./test/', './test-real/']) {
  const dir = new URL(folder, import.meta.url);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.test.mjs')).sort()) {
    await import(new URL(name, dir));
  }
}
