// tests/scaling.tftest.hcl must be able to fail: the demand scaling's queries, policies, alarms,
// ListRunners' ledger access and the new validations are mutated in a staged copy of the module,
// and `terraform test` must fail exactly the runs that pin them. One mutation per run in a round,
// and at most one expect_failures run mutated, the last of the round in the file (terraform test
// skips the runs after an expected failure that did not happen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTerraform, stageModule, terraform } from '../lib/terraform-cli.mjs';

const needsTerraform = { skip: findTerraform() ? false : 'terraform is not installed' };

/** [run(s) that must fail, file, text in it, its mutation]. */
const ROUNDS = {
  'zero-instance math, job-wait statistic, today\'s expression, a validation': [
    ['create_scaling_policies_with_job_events', 'scaling.tf', 'expression  = "IF(in_service == 0, queued, 0)"', 'expression  = "IF(in_service == 0, queued, 1)"'],
    ['job_events_queued_jobs_in_the_metric_and_the_ledger_for_list_runners', 'demand_alarms.tf',
      'metric = local.metric_names.idle, dimensions = { (local.pool_dimension) = each.key }, stat = "Minimum"',
      'metric = local.metric_names.idle, dimensions = { (local.pool_dimension) = each.key }, stat = "Maximum"'],
    [['off_by_default_nothing_new', 'create_scaling_policies_without_job_events'], 'locals.tf', ': "(busy + ${idle}) / in_service"', ': "(busy + FILL(queued, 0) + ${idle}) / in_service"'],
    ['job_wait_alarm_below_a_minute', 'variables.tf', 'var.job_wait_alarm_seconds >= 60', 'var.job_wait_alarm_seconds >= 10'],
  ],
  'step aggregation, ledger access, job_labels only with the ledger, label length': [
    ['create_scaling_policies_with_job_events', 'scaling.tf', 'metric_aggregation_type   = "Maximum"', 'metric_aggregation_type   = "Average"'],
    ['job_events_queued_jobs_in_the_metric_and_the_ledger_for_list_runners', 'iam.tf', 'values   = ["cursor#demand"]', 'values   = ["cursor#*"]'],
    ['off_by_default_nothing_new', 'lambda.tf', 'local.job_events_enabled && length(local.pool_job_labels) > 0 ?', 'length(local.pool_job_labels) > 0 ?'],
    ['job_label_too_long', 'variables.tf', '{1,100}$", label))])])', '{1,200}$", label))])])'],
  ],
};

for (const [round, mutations] of Object.entries(ROUNDS)) {
  test(`scaling.tftest.hcl catches each mutation: ${round}`, needsTerraform, async (t) => {
    const dir = stageModule(`scaling-mutations-${round.replace(/\W+/g, '-').slice(0, 60)}`);
    for (const [, file, from, to] of mutations) {
      const path = join(dir, file);
      const source = readFileSync(path, 'utf8');
      assert.equal(source.split(from).length, 2, `${file} no longer has exactly one ${JSON.stringify(from)}: update this mutation`);
      writeFileSync(path, source.replace(from, to));
    }
    await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
    const result = await terraform(['test', '-no-color', '-filter=tests/scaling.tftest.hcl'], dir, { allowFailure: true });
    const failed = [...result.stdout.matchAll(/run "([^"]+)"\.\.\. fail/g)].map((m) => m[1]).sort();
    t.diagnostic(`failed runs: ${failed.join(', ')}`);
    assert.notEqual(result.status, 0, `terraform test passed with every mutation:\n${result.stdout}`);
    assert.deepEqual(failed, mutations.flatMap(([runs]) => runs).sort(), result.stdout);
  });
}
