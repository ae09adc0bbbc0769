// The function packages Terraform deploys are reproducible: two clean builds of the same
// source give the same bytes, so source_code_hash changes only with the code and a plan does
// not update both functions (nor, with SnapStart, publish new versions) on every build.
//
// Each build is `./mvnw package` of the three function jars (and what they need) in its own fresh
// copy of the sources: clean by construction, sequential, about 10 s each on an idle machine.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_DIR } from '../lib/terraform.mjs';

const JARS = ['functions/get-token/target/get-token.jar', 'functions/list-runners/target/list-runners.jar', 'functions/job-events/target/job-events.jar'];
const SKIPPED = new Set(['target', 'node_modules', '.terraform', '.git', '.idea']);

/** The repository's files: git's list where there is one, the tree without build outputs otherwise. */
function sourceFiles() {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_DIR, encoding: 'utf8' });
  if (git.status === 0) return git.stdout.split('\0').filter((f) => f && existsSync(join(REPO_DIR, f)));
  return undefined;
}

function copySources(target) {
  const files = sourceFiles();
  if (!files) {
    cpSync(REPO_DIR, target, { recursive: true, filter: (src) => !SKIPPED.has(src.split(/[\\/]/).pop()) });
    return;
  }
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(REPO_DIR, file), join(target, file));
  }
}

function mvnPackage(dir) {
  return new Promise((resolve, reject) => {
    // -DskipTests, not -Dmaven.test.skip: job-events depends on job-ledger's test jar (issue 20's
    // module split), which only a build that compiles the tests packages.
    const args = ['-B', '-ntp', '-q', 'package', '-DskipTests', '-pl', 'functions/get-token,functions/list-runners,functions/job-events', '-am'];
    const child = spawn(join(dir, 'mvnw'), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (c) => output.push(c));
    child.stderr.on('data', (c) => output.push(c));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`./mvnw ${args.join(' ')} exited ${status}\n${Buffer.concat(output)}`))));
  });
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

const work = mkdtempSync(join(tmpdir(), 'record-metric-reproducible-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('two clean builds of the function packages give the same SHA-256', async (t) => {
  const hashes = [];
  for (const build of ['first', 'second']) {
    const dir = join(work, build);
    copySources(dir);
    await mvnPackage(dir);
    hashes.push(Object.fromEntries(JARS.map((jar) => [jar, sha256(join(dir, jar))])));
  }
  for (const jar of JARS) t.diagnostic(`${jar}: ${hashes[0][jar]} and ${hashes[1][jar]}`);
  assert.deepEqual(hashes[1], hashes[0], 'the packages differ between two clean builds: is project.build.outputTimestamp still set in the root pom.xml?');
});
