// tests/alarms.tftest.hcl must be able to fail: each alarm's behaviour is mutated in a staged
// copy of the module (a changed statistic, operator, threshold, period count, missing-data
// treatment or metric-math expression) and `terraform test` must fail exactly the run that pins
// that alarm. Two rounds, one mutation per alarm in each, so that every kind is seen caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTerraform, stageModule, terraform } from '../lib/terraform-cli.mjs';

const needsTerraform = { skip: findTerraform() ? false : 'terraform is not installed' };

/** [run(s) that must fail, text in alarms.tf, its mutation]: one per alarm and round. */
const ROUNDS = {
  'statistic, operator, missing data, expression, datapoints to alarm': [
    ['freshness_alarm', 'statistic           = "SampleCount"', 'statistic           = "Average"'],
    // The operator is shared by both alert strategies: both runs pin it.
    [['failure_rate_alarm', 'immediate_alert_strategy'], 'comparison_operator = "GreaterThanOrEqualToThreshold"', 'comparison_operator = "LessThanThreshold"'],
    ['dead_letters_alarm', 'treat_missing_data  = "notBreaching"', 'treat_missing_data  = "breaching"'],
    ['github_api_budget_alarm', 'expression  = "100 * remaining / limit"', 'expression  = "remaining / limit"'],
    ['registration_gap_alarm', 'datapoints_to_alarm = local.registration_gap_periods', 'datapoints_to_alarm = 1'],
  ],
  'threshold, evaluation periods, metric stat, expression': [
    ['freshness_alarm', 'evaluation_periods  = local.freshness_periods', 'evaluation_periods  = 10'],
    ['failure_rate_alarm', '100 * (FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0))', '100 * (FILL(failed, 0) + FILL(timed_out, 0))'],
    ['dead_letters_alarm', 'threshold           = 0\n  treat_missing_data  = "notBreaching"', 'threshold           = 1\n  treat_missing_data  = "notBreaching"'],
    ['github_api_budget_alarm', 'metric = local.metric_names.api_remaining, stat = "Minimum"', 'metric = local.metric_names.api_remaining, stat = "Average"'],
    ['registration_gap_alarm', 'expression  = "in_service - (busy + idle)"', 'expression  = "in_service - busy"'],
  ],
};

for (const [round, mutations] of Object.entries(ROUNDS)) {
  test(`alarms.tftest.hcl catches each alarm mutated: ${round}`, needsTerraform, async (t) => {
    const dir = stageModule(`alarm-mutations-${round.replace(/\W+/g, '-')}`);
    const file = join(dir, 'alarms.tf');
    let source = readFileSync(file, 'utf8');
    for (const [, from, to] of mutations) {
      assert.equal(source.split(from).length, 2, `alarms.tf no longer has exactly one ${JSON.stringify(from)}: update this mutation`);
      source = source.replace(from, to);
    }
    writeFileSync(file, source);
    await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
    const result = await terraform(['test', '-no-color', '-filter=tests/alarms.tftest.hcl'], dir, { allowFailure: true });
    const failed = [...result.stdout.matchAll(/run "([^"]+)"\.\.\. fail/g)].map((m) => m[1]).sort();
    t.diagnostic(`failed runs: ${failed.join(', ')}`);
    assert.notEqual(result.status, 0, `terraform test passed with every alarm mutated:\n${result.stdout}`);
    assert.deepEqual(failed, mutations.flatMap(([runs]) => runs).sort(), result.stdout);
  });
}
