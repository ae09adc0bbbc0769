// tests/job_events.tftest.hcl must be able to fail: the job ledger's settings, its IAM documents,
// its validations and preconditions, and what job_events leaves unchanged when off are mutated in
// a staged copy of the module, and `terraform test` must fail exactly the runs that pin them.
// One mutation per run in a round, and at most one expect_failures run mutated, the last of the
// round in the file: terraform test skips the runs after an expected failure that did not happen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTerraform, stageModule, terraform } from '../lib/terraform-cli.mjs';

const needsTerraform = { skip: findTerraform() ? false : 'terraform is not installed' };

/** [run(s) that must fail, file, text in it, its mutation]. */
const ROUNDS = {
  'index, least privilege, key policy, off by default, precondition': [
    ['on_with_an_organization_hook', 'job_events.tf', 'range_key       = "checked_at"\n    projection_type = "ALL"', 'range_key       = "checked_at"\n    projection_type = "KEYS_ONLY"'],
    ['least_privilege_of_the_ledgers_roles', 'job_events_iam.tf', 'resources = ["${local.job_ledger_table_arn}/index/${local.job_ledger_open_jobs_index}"]', 'resources = [local.job_ledger_table_arn, "${local.job_ledger_table_arn}/index/*"]'],
    ['the_key_policy_lets_only_repair_job_ledger_open_the_repairs_token', 'kms.tf', 'values   = concat([local.role_arns.list_runners_role], local.job_events_enabled ? [local.repair_job_ledger_role_arn] : [])', 'values   = [local.role_arns.list_runners_role]'],
    ['off_by_default_creates_nothing_and_changes_nothing', 'locals.tf', 'concat([local.execution_arn_pattern], local.job_events_enabled ? [local.repair_execution_arn_pattern] : [])', '[local.execution_arn_pattern, local.repair_execution_arn_pattern]'],
    ['app_hook_needs_a_github_app', 'job_events.tf', 'condition     = !local.repair_job_ledger_app_hook || var.github_credentials.type == "pem"', 'condition     = var.github_credentials.type != ""'],
  ],
  'TTL, partial secret ARN, sealing, no hook, a validation': [
    ['on_with_an_organization_hook', 'job_events.tf', 'attribute_name = "expires_at"', 'attribute_name = "expires"'],
    ['partial_secret_arn_its_own_key_and_an_app_hook', 'job_events.tf', 'webhook_secret_is_complete     = can(regex(":secret:.+-[A-Za-z0-9]{6}$", local.webhook_secret))', 'webhook_secret_is_complete     = true'],
    ['least_privilege_of_the_ledgers_roles', 'iam.tf', 'values   = local.token_execution_arn_patterns', 'values   = [local.execution_arn_pattern]'],
    ['no_hook_turns_redelivery_off', 'job_events.tf', '"organization:${var.job_events.organization_hook_id}" : "")', '"organization:${var.job_events.organization_hook_id}" : "organization:0")'],
    ['both_hooks', 'variables.tf', '!(var.job_events.organization_hook_id != null && var.job_events.app_hook == true)', 'true'],
  ],
  'receiver settings, another validation': [
    ['partial_secret_arn_its_own_key_and_an_app_hook', 'job_events.tf', 'reserved_concurrent_executions = var.job_events.receiver_reserved_concurrency', 'reserved_concurrent_executions = 10'],
    ['stale_age_past_the_open_retention', 'variables.tf', '&& var.job_events.stale_job_seconds < var.job_events.open_job_retention_hours * 3600', ''],
  ],
};

for (const [round, mutations] of Object.entries(ROUNDS)) {
  test(`job_events.tftest.hcl catches each mutation: ${round}`, needsTerraform, async (t) => {
    const dir = stageModule(`job-events-mutations-${round.replace(/\W+/g, '-').slice(0, 60)}`);
    for (const [, file, from, to] of mutations) {
      const path = join(dir, file);
      const source = readFileSync(path, 'utf8');
      assert.equal(source.split(from).length, 2, `${file} no longer has exactly one ${JSON.stringify(from)}: update this mutation`);
      writeFileSync(path, source.replace(from, to));
    }
    await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
    const result = await terraform(['test', '-no-color', '-filter=tests/job_events.tftest.hcl'], dir, { allowFailure: true });
    const failed = [...result.stdout.matchAll(/run "([^"]+)"\.\.\. fail/g)].map((m) => m[1]).sort();
    t.diagnostic(`failed runs: ${failed.join(', ')}`);
    assert.notEqual(result.status, 0, `terraform test passed with every mutation:\n${result.stdout}`);
    assert.deepEqual(failed, mutations.map(([run]) => run).sort(), result.stdout);
  });
}
