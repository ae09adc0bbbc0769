// Every variable typed and described (validated with a message), every output described.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modules, display } from '../lib/terraform.mjs';
import { blocksOf, attributeOf, stripComments } from '../lib/structure.mjs';

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
  return attribute ? JSON.parse(literalText(attribute.text.replace(/^<<-?EOT[\s\S]*$/, '""'))) : undefined;
}

/** A quoted template without its ${...} interpolations, which may hold quoted strings of their own. */
function literalText(template) {
  let out = '';
  let depth = 0;
  for (let i = 0; i < template.length; i++) {
    if (depth === 0 && template.startsWith('${', i)) {
      depth = 1;
      i++;
    } else if (depth > 0) {
      if (template[i] === '{') depth++;
      if (template[i] === '}') depth--;
    } else {
      out += template[i];
    }
  }
  return out;
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
    'get_token_package', 'list_runners_package', 'kms_key', 'snapstart', 'python_version', 'alarm_topic_arns',
    'permissions_boundary', 'iam_path', 'vpc_config', 'cloudwatch_log_group_kms_key_arn', 'create_dashboard',
    'pools', 'runner_group_id', 'github_api_budget_threshold', 'registration_gap_alarm', 'registration_gap_minutes',
    'idle_runners', 'idle_scale_factor', 'alert_strategy', 'group_metrics_check', 'schedule_state', 'existing_roles',
    'job_events', 'job_events_package'];
  assert.deepEqual(expected.filter((n) => !names.has(n)), []);
});

test('every module input with a non-null default is nullable = false', async () => {
  const problems = (await blocks('variable'))
    .filter(({ file }) => display(file.path) === 'terraform/variables.tf')
    .filter(({ block }) => {
      const dflt = attributeOf(block.body, 'default');
      return dflt && dflt.text !== 'null' && attributeOf(block.body, 'nullable')?.text !== 'false';
    })
    .map(({ at }) => `${at}: has a default but no nullable = false (a caller's null would reach the resources)`);
  assert.deepEqual(problems, []);
});

// What versions.tf's required_version = ">= 1.3" promises: nothing of a later Terraform
// language. Each entry: a pattern of the feature, the version that brought it.
export const NEWER_THAN_1_3 = [
  [/\bterraform_data\b/, '1.4 (terraform_data)'],
  [/\bstrcontains\(/, '1.5 (strcontains)'],
  [/\bplantimestamp\(/, '1.5 (plantimestamp)'],
  [/^check\s+"/m, '1.5 (check blocks)'],
  [/^import\s*\{/m, '1.5 (import blocks)'],
  [/^removed\s*\{/m, '1.7 (removed blocks)'],
  [/\bprovider::/, '1.8 (provider-defined functions)'],
  [/\b(encode_tfvars|decode_tfvars|encode_expr|issensitive)\(/, '1.8 (functions)'],
  [/\btemplatestring\(/, '1.9 (templatestring)'],
  [/\bephemeral(asnull)?\b/, '1.10 (ephemeral values)'],
];

export function newerFeatures(source) {
  return NEWER_THAN_1_3.filter(([pattern]) => pattern.test(source)).map(([, what]) => what);
}

test('the module uses no Terraform language newer than its required 1.3', async () => {
  const problems = [];
  for (const [dir, files] of await modules()) {
    if (display(dir) !== 'terraform') continue;
    for (const file of files) {
      for (const what of newerFeatures(stripComments(file.source))) problems.push(`${display(file.path)}: needs Terraform ${what}`);
      // A validation that reads another variable needs 1.9.
      for (const variable of blocksOf(file.items, 'variable')) {
        for (const validation of blocksOf(variable.body, 'validation')) {
          const condition = attributeOf(validation.body, 'condition')?.text ?? '';
          const others = [...condition.matchAll(/\b(var\.([A-Za-z_][\w-]*)|local\.|aws_[a-z0-9_]+\.|data\.)/g)]
            .filter((m) => m[2] !== variable.labels[0]);
          if (others.length > 0) problems.push(`${display(file.path)}:${validation.line} variable "${variable.labels[0]}": a validation reading ${others[0][0]} needs Terraform 1.9`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('newerFeatures_whenA14OrLaterFeatureIsUsed_namesIt', () => {
  assert.deepEqual(newerFeatures('resource "terraform_data" "x" {}\nlocals {\n  a = strcontains("ab", "a")\n}\ncheck "c" {\n}\n'),
    ['1.4 (terraform_data)', '1.5 (strcontains)', '1.5 (check blocks)']);
  assert.deepEqual(newerFeatures('locals {\n  a = startswith("ab", "a")\n}\n'), []);
});
