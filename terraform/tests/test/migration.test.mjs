// MIGRATION.md against the module: the inputs and the output it names exist, and the resources it
// says a migration creates are resources the module declares, as many as its plan summary says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modules, MODULE_DIR } from '../lib/terraform.mjs';
import { blocksOf } from '../lib/structure.mjs';

const GUIDE = join(MODULE_DIR, 'MIGRATION.md');

/** The text of the section that starts at `heading` (a whole line) and ends at the next heading of the same level. */
function section(text, heading) {
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `MIGRATION.md has no "${heading}" section`);
  const level = heading.match(/^#+ /)[0];
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n${level}`));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The names in the first column of the section's table, without the header. */
function firstColumn(text) {
  return [...text.matchAll(/^\| `([^`]+)`( \(output\))? \|/gm)].map((m) => ({ name: m[1], output: Boolean(m[2]) }));
}

/** `module.record_metric.<type>.<name>[key]` lines of the section's code block, as [type, name]. */
function createdResources(text) {
  const block = text.match(/```\n([\s\S]*?)```/);
  assert.ok(block, 'the section has no code block');
  return block[1].trim().split('\n').map((line) => {
    const m = line.trim().match(/^module\.record_metric\.([a-z0-9_]+)\.([a-z0-9_]+)(\[[^\]]+\])?$/);
    assert.ok(m, `not a resource address of the module: "${line}"`);
    return [m[1], m[2]];
  });
}

async function declared() {
  const files = (await modules()).get(MODULE_DIR);
  const resources = new Set();
  const variables = new Set();
  const outputs = new Set();
  for (const file of files) {
    for (const block of blocksOf(file.items, 'resource')) resources.add(block.labels.join('.'));
    for (const block of blocksOf(file.items, 'variable')) variables.add(block.labels[0]);
    for (const block of blocksOf(file.items, 'output')) outputs.add(block.labels[0]);
  }
  return { resources, variables, outputs };
}

test('MIGRATION.md names only inputs and outputs the module has', async () => {
  const { variables, outputs } = await declared();
  const names = firstColumn(section(readFileSync(GUIDE, 'utf8'), '## Inputs and outputs'));
  assert.ok(names.length >= 10, `the inputs table lists ${names.length} names`);
  for (const { name, output } of names) {
    assert.ok((output ? outputs : variables).has(name),
      `MIGRATION.md names the ${output ? 'output' : 'input'} "${name}", which terraform/${output ? 'outputs' : 'variables'}.tf does not declare`);
  }
});

test('MIGRATION.md lists as created only resources the module declares, as many as its plan summary adds', async () => {
  const { resources } = await declared();
  const text = readFileSync(GUIDE, 'utf8');
  const heading = text.match(/^### Created: this module's (\d+) resources$/m);
  assert.ok(heading, 'MIGRATION.md has no "### Created: this module\'s <n> resources" section');
  const created = createdResources(section(text, heading[0]));
  for (const [type, name] of created) {
    assert.ok(resources.has(`${type}.${name}`), `MIGRATION.md lists ${type}.${name}, which the module does not declare`);
  }
  const summary = text.match(/^Plan: (\d+) to add, 0 to change, (\d+) to destroy\.$/m);
  assert.ok(summary, 'MIGRATION.md has no plan summary');
  assert.equal(created.length, Number(summary[1]), 'the created list and the plan summary disagree');
  assert.equal(created.length, Number(heading[1]), 'the created list and its heading disagree');
});

test('migration_whenTheGuideNamesAnUnknownInput_itIsFound', () => {
  const table = '| name | here |\n| --- | --- |\n| `asg_name` | x |\n| `lambda_name` (output) | y |\n';
  assert.deepEqual(firstColumn(table), [{ name: 'asg_name', output: false }, { name: 'lambda_name', output: true }]);
  assert.throws(() => createdResources('```\nmodule.other.aws_iam_role.x\n```'), /not a resource address of the module/);
  assert.deepEqual(createdResources('```\nmodule.record_metric.aws_sns_topic.alarms[0]\n```'), [['aws_sns_topic', 'alarms']]);
});
