// Every resource and data block of the module and its examples against the AWS provider
// schema 6.47.0; every module call against the called module's variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { modules, providerSchema, display, parseAll } from '../lib/terraform.mjs';
import { checkAgainstSchema } from '../lib/schema-check.mjs';
import { checkModuleCalls } from '../lib/module-check.mjs';

test('every resource and data block matches the AWS provider schema', async (t) => {
  const schema = providerSchema();
  const errors = [];
  let resources = 0;
  let data = 0;
  for (const files of (await modules()).values()) {
    for (const file of files) {
      const result = checkAgainstSchema(file.items, schema, display(file.path));
      errors.push(...result.errors);
      resources += result.checked.filter((c) => c.kind === 'resource').length;
      data += result.checked.filter((c) => c.kind === 'data').length;
    }
  }
  t.diagnostic(`checked ${resources} resource and ${data} data blocks against aws provider 6.47.0`);
  assert.deepEqual(errors, []);
  assert.ok(resources > 0 && data > 0);
});

test('every module call passes only declared variables and all required ones', async () => {
  const byDir = await modules();
  const errors = [];
  for (const [dir, files] of byDir) {
    errors.push(...checkModuleCalls(files, (source) => byDir.get(resolve(dir, source)), display));
  }
  assert.deepEqual(errors, []);
});

test('the module requires Terraform >= 1.3 and hashicorp/aws 5.31 to 6.x', async () => {
  const versions = (await parseAll()).find((f) => display(f.path) === 'terraform/versions.tf');
  const block = versions.json.terraform[0];
  assert.equal(block.required_version, '>= 1.3');
  assert.deepEqual(block.required_providers[0].aws, { source: 'hashicorp/aws', version: '>= 5.31, < 7.0' });
});
