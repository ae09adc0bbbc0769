// Runs `npm ci` in the statemachine module unless node_modules already holds exactly what
// package-lock.json describes (a stamp written after the last successful install records the
// lock file's hash). Called by the Maven build before the tests.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(moduleDir, 'node_modules', '.record-metric-install-stamp');
const hash = createHash('sha256');
for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
  hash.update(readFileSync(join(moduleDir, file)));
}
const expected = hash.digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === expected) {
  console.log('node_modules matches package-lock.json; skipping npm ci');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: moduleDir, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  console.error(`npm ci failed (exit ${result.status ?? result.signal}); is the npm registry reachable?`);
  process.exit(result.status || 1);
}
writeFileSync(stamp, `${expected}\n`);
