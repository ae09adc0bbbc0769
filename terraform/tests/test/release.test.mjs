// The release archive bundles, in the module's packages/, every jar the module's package inputs
// default to (packages/<function>.jar, lambda.tf's local.packages), and the release builds and
// attaches each: a jar missing there fails every plan of a release user who turns its functions on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR, MODULE_DIR } from '../lib/terraform.mjs';

/** The jars the module's package inputs default to: packages/<key with - for _>.jar. */
export function defaultPackages(lambdaTf) {
  const m = /for fn, given in \{([^}]*)\} : fn =>/.exec(lambdaTf);
  assert.ok(m, 'lambda.tf no longer builds local.packages from a map of package inputs: update this test');
  return [...m[1].matchAll(/([a-z_]+)\s*=\s*var\.[a-z_]+_package/g)].map((p) => `${p[1].replace(/_/g, '-')}.jar`).sort();
}

/** What the release workflow's steps copy into the archive's packages/, build, and attach. */
export function releasedJars(workflow) {
  const copied = [...workflow.matchAll(/^\s*cp ([^\n]+) dist\/record-metric-terraform\/packages\/\s*$/gm)]
    .flatMap((m) => m[1].trim().split(/\s+/)).map((path) => path.split('/').pop());
  const built = (/-pl ([^\s]+) -am/.exec(workflow)?.[1] ?? '').split(',').map((module) => `${module.split('/').pop()}.jar`);
  const attached = (/gh release create[^\n]*\n([^\n]+)/.exec(workflow)?.[1] ?? '').trim().split(/\s+/).map((path) => path.split('/').pop());
  return { copied: copied.sort(), built: built.sort(), attached: attached.filter((f) => f.endsWith('.jar')).sort() };
}

test('the release archive bundles, builds and attaches every package the module defaults to', () => {
  const expected = defaultPackages(readFileSync(join(MODULE_DIR, 'lambda.tf'), 'utf8'));
  assert.deepEqual(expected, ['get-token.jar', 'job-events.jar', 'list-runners.jar']);
  const released = releasedJars(readFileSync(join(REPO_DIR, '.github', 'workflows', 'release.yml'), 'utf8'));
  assert.deepEqual(released, { copied: expected, built: expected, attached: expected }, '.github/workflows/release.yml');
});

test('releasedJars_whenAJarIsLeftOut_showsIt', () => {
  const workflow = `run: ./mvnw -B -ntp package -DskipTests -pl functions/get-token -am
          cp functions/get-token/target/get-token.jar dist/record-metric-terraform/packages/
          gh release create "$GITHUB_REF_NAME" --verify-tag --generate-notes \\
            dist/record-metric-terraform.zip dist/get-token.jar dist/SHA256SUMS
`;
  assert.deepEqual(releasedJars(workflow), { copied: ['get-token.jar'], built: ['get-token.jar'], attached: ['get-token.jar'] });
});
