// The variables passed to templatefile() are exactly the placeholders of the template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { modules, display } from '../lib/terraform.mjs';
import { templatefileCalls, placeholders } from '../lib/templatefile-check.mjs';

const ASL = 'terraform/templates/record-metric.asl.json';
const REPAIR_ASL = 'terraform/templates/repair-job-ledger.asl.json';

test('the state machines\' definitions come from templatefile() of the module\'s own templates', async () => {
  const calls = (await templatefileCalls(await modules())).map((c) => display(c.template)).sort();
  assert.deepEqual(calls, [ASL, REPAIR_ASL]);
});

test('templatefile() passes the contract variables', async () => {
  const calls = await templatefileCalls(await modules());
  const of = (template) => calls.find((c) => display(c.template) === template).variables;
  assert.deepEqual(of(ASL), ['GetTokenFunctionArn', 'ListRunnersFunctionArn', 'MetricNamespace', 'Partition']);
  // functions/job-events/README.md: the repair state machine's template variables.
  assert.deepEqual(of(REPAIR_ASL), ['AppHook', 'GetTokenFunctionArn', 'MetricNamespace', 'Partition', 'RepairJobLedgerFunctionArn']);
});

test('templatefile() variables match the template\'s placeholders exactly', async (t) => {
  for (const call of await templatefileCalls(await modules())) {
    if (!existsSync(call.template)) {
      t.skip(`${display(call.template)} is absent in this checkout (it is written on the statemachine branch): placeholders not compared`);
      continue;
    }
    const found = placeholders(readFileSync(call.template, 'utf8'));
    assert.deepEqual(found.problems, [], `${display(call.template)}`);
    const missing = found.names.filter((n) => !call.variables.includes(n));
    const extra = call.variables.filter((n) => !found.names.includes(n));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
      `${display(call.at)}: "missing" are placeholders templatefile() does not pass; "extra" are variables the template does not use`);
  }
});

test('placeholders_whenTemplateIsValidJson_findsThemInStrings', () => {
  const found = placeholders('{"a": "${One}", "b": {"c": "x-${Two}-y"}, "d": "$${Literal}", "e": "$.path"}');
  assert.deepEqual(found, { names: ['One', 'Two'], problems: [] });
});

test('placeholders_whenPlaceholderIsOutsideAString_saysSo', () => {
  const found = placeholders('{"a": ${Number}}');
  assert.equal(found.problems.length, 1);
  assert.match(found.problems[0], /not valid JSON/);
});

test('placeholders_whenPlaceholderIsAnExpression_saysSo', () => {
  const found = placeholders('{"a": "${upper(One)}", "b": "%{ if x }y%{ endif }"}');
  assert.deepEqual(found.problems, [
    'placeholder ${upper(One)} is not a plain name',
    'template directive %{ if x } is not allowed',
    'template directive %{ endif } is not allowed',
  ]);
});
