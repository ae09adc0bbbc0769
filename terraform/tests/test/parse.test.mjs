// Every .tf and .tftest.hcl file parses with HashiCorp's HCL parser, and the structure
// scanner the other checks use sees the same attributes and blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAll, terraformFiles, display } from '../lib/terraform.mjs';
import { disagreements } from '../lib/agreement.mjs';

test('the module, its examples and its tests have Terraform files to check', () => {
  const files = terraformFiles().map(display);
  for (const expected of ['terraform/versions.tf', 'terraform/variables.tf', 'terraform/main.tf', 'terraform/outputs.tf', 'terraform/examples/complete/main.tf']) {
    assert.ok(files.includes(expected), `${expected} is missing; found ${files.join(', ')}`);
  }
  assert.ok(files.some((f) => f.endsWith('.tftest.hcl')), 'no terraform/tests/*.tftest.hcl');
});

for (const path of terraformFiles()) {
  test(`${display(path)} parses, and the scanner agrees with the parser`, async () => {
    const files = await parseAll();
    const file = files.find((f) => f.path === path);
    assert.ok(file, `${display(path)} did not parse`);
    assert.deepEqual(disagreements(file.items, file.json), []);
  });
}
