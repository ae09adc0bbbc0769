// References name declared variables, locals, resources, data sources and module outputs,
// and attributes the provider schema has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { modules, providerSchema, display, parseSource, parseAll, MODULE_DIR } from '../lib/terraform.mjs';
import { checkReferences, checkTestReferences, outputsOf } from '../lib/reference-check.mjs';

test('every reference in the module and its examples resolves', async (t) => {
  const byDir = await modules();
  const errors = [];
  let count = 0;
  for (const [dir, files] of byDir) {
    const result = checkReferences(files, providerSchema(), (source) => {
      const called = byDir.get(resolve(dir, source));
      return called ? outputsOf(called) : undefined;
    }, display);
    errors.push(...result.errors);
    count += result.count;
  }
  t.diagnostic(`resolved ${count} references`);
  assert.deepEqual(errors, []);
});

async function errorsOf(hcl) {
  const file = await parseSource('/snippet.tf', hcl);
  return checkReferences([file], providerSchema(), () => undefined, (p) => p.slice(1)).errors;
}

test('references_whenVariableIsUndeclared_sayWhich', async () => {
  assert.deepEqual(await errorsOf('variable "a" {\n  type = string\n}\nlocals {\n  b = var.a\n  c = var.d\n}\n'),
    ['snippet.tf:6 var.d: no variable "d" is declared']);
});

test('references_whenResourceOrAttributeIsUnknown_sayWhich', async () => {
  assert.deepEqual(await errorsOf(`
resource "aws_sqs_queue" "q" {
  name = "q"
}
locals {
  ok      = aws_sqs_queue.q.arn
  typo    = aws_sqs_queue.queue.arn
  no_attr = aws_sqs_queue.q.queue_arn
  region  = data.aws_region.current.name
  # a comment naming aws_sqs_queue.nothing is ignored
}
data "aws_region" "current" {}
`), [
    'snippet.tf:7 aws_sqs_queue.queue.arn: no resource aws_sqs_queue.queue is declared',
    'snippet.tf:8 aws_sqs_queue.q.queue_arn: the provider schema has no attribute "queue_arn"',
    'snippet.tf:9 data.aws_region.current.name: attribute "name" is deprecated in the provider',
  ]);
});

test('the Terraform tests reference what the module declares', async (t) => {
  const moduleFiles = (await modules()).get(MODULE_DIR);
  const tests = (await parseAll()).filter((f) => f.path.endsWith('.tftest.hcl'));
  const errors = [];
  let count = 0;
  for (const file of tests) {
    const result = checkTestReferences(file, moduleFiles, providerSchema(), display);
    errors.push(...result.errors);
    count += result.count;
  }
  t.diagnostic(`resolved ${count} references in ${tests.length} test files`);
  assert.deepEqual(errors, []);
  assert.ok(count > 0);
});
