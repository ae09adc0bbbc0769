// Every variable typed and described (validated with a message), every output described.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modules, display } from '../lib/terraform.mjs';
import { blocksOf, attributeOf } from '../lib/structure.mjs';

async function blocks(type) {
  const found = [];
  for (const files of (await modules()).values()) {
    for (const file of files) {
      for (const block of blocksOf(file.items, type)) found.push({ file, block, at: `${display(file.path)}:${block.line} ${type} "${block.labels[0]}"` });
    }
  }
  return found;
}

function stringValue(attribute) {
  return attribute ? JSON.parse(attribute.text.replace(/^<<-?EOT[\s\S]*$/, '""')) : undefined;
}

test('every variable has a type and a description', async () => {
  const problems = [];
  const variables = await blocks('variable');
  for (const { block, at } of variables) {
    if (!attributeOf(block.body, 'type')) problems.push(`${at}: no type`);
    const description = attributeOf(block.body, 'description');
    if (!description || stringValue(description).trim().length === 0) problems.push(`${at}: no description`);
  }
  assert.deepEqual(problems, []);
  assert.ok(variables.length >= 20, `only ${variables.length} variables found`);
});

test('no variable is typed any, map(any) or list(any)', async () => {
  const problems = (await blocks('variable'))
    .filter(({ block }) => /\bany\b/.test(attributeOf(block.body, 'type')?.text ?? ''))
    .map(({ at }) => `${at}: typed with any`);
  assert.deepEqual(problems, []);
});

test('every validation has a condition and an error message', async () => {
  const problems = [];
  for (const { block, at } of await blocks('variable')) {
    for (const validation of blocksOf(block.body, 'validation')) {
      if (!attributeOf(validation.body, 'condition')) problems.push(`${at}: validation without condition`);
      const message = attributeOf(validation.body, 'error_message');
      if (!message || stringValue(message).trim().length < 10) problems.push(`${at}: validation without a clear error_message`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every output has a description', async () => {
  const problems = [];
  const outputs = await blocks('output');
  for (const { block, at } of outputs) {
    const description = attributeOf(block.body, 'description');
    if (!description || stringValue(description).trim().length === 0) problems.push(`${at}: no description`);
  }
  assert.deepEqual(problems, []);
  assert.ok(outputs.length >= 10, `only ${outputs.length} outputs found`);
});

test('the variables the issue lists are all there', async () => {
  const names = new Set((await blocks('variable')).filter(({ file }) => display(file.path) === 'terraform/variables.tf').map(({ block }) => block.labels[0]));
  const expected = ['asg_name', 'alarm_emails', 'github_org_name', 'github_credentials', 'github_app_id', 'installation_id',
    'cloudwatch_log_group_retention', 'error_rate_threshold', 'lambda_timeout', 'architecture', 'tags', 'java_runtime',
    'schedule_expression', 'metric_namespace', 'github_api_url', 'state_machine_type', 'lambda_memory_size',
    'get_token_package', 'list_runners_package', 'kms_key_arn', 'snapstart'];
  assert.deepEqual(expected.filter((n) => !names.has(n)), []);
});
