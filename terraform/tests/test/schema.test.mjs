// Every resource and data block of the module and its examples against the AWS provider
// schema 6.47.0; every module call against the called module's variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { modules, providerSchema, display, parseAll } from '../lib/terraform.mjs';
import { checkAgainstSchema } from '../lib/schema-check.mjs';
import { checkModuleCalls } from '../lib/module-check.mjs';

// Arguments 6.x deprecates for which 5.x has no replacement (the module supports both): a
// global secondary index's hash_key and range_key, which 6.x replaces with key_schema blocks
// (multi-attribute keys) that 5.x does not know. Deprecated, not removed: 6.x still accepts them.
export const DEPRECATED_BUT_NEEDED_BY_5X = [
  /aws_dynamodb_table\.[a-z_]+\.global_secondary_index: "(hash_key|range_key)" is deprecated in the provider$/,
];

test('every resource and data block matches the AWS provider schema', async (t) => {
  const schema = providerSchema();
  const errors = [];
  let resources = 0;
  let data = 0;
  for (const files of (await modules()).values()) {
    for (const file of files) {
      const result = checkAgainstSchema(file.items, schema, display(file.path));
      errors.push(...result.errors.filter((e) => !DEPRECATED_BUT_NEEDED_BY_5X.some((allowed) => allowed.test(e))));
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

test('the deprecated arguments allowed for 5.x are still deprecated in 6.x, and nothing else is allowed', async () => {
  const { parseSource } = await import('../lib/terraform.mjs');
  const file = await parseSource('snippet.tf', `resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
  global_secondary_index {
    name            = "i"
    hash_key        = "a"
    range_key       = "b"
    projection_type = "ALL"
  }
}
data "aws_region" "r" {
  name = "us-east-1"
}
`);
  const errors = checkAgainstSchema(file.items, providerSchema(), 'snippet.tf').errors;
  const allowed = errors.filter((e) => DEPRECATED_BUT_NEEDED_BY_5X.some((a) => a.test(e)));
  assert.equal(allowed.length, 2, JSON.stringify(errors));
  assert.deepEqual(errors.filter((e) => !allowed.includes(e)), ['snippet.tf:12 data.aws_region.r: "name" is deprecated in the provider']);
});
