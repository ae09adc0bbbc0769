// The module under the real terraform binary and the real AWS provider (from the mirror when
// there is one): fmt, init + validate, `terraform test`, and offline plans read back with
// `terraform show -json`. Nothing reaches AWS: the provider's data-source reads go to a fake on
// loopback (lib/fake-aws.mjs), with fake credentials.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { MODULE_DIR, REPO_DIR } from '../lib/terraform.mjs';
import {
  INSTALL_HINT, BUNDLED_PLACEHOLDERS, exampleNames, findTerraform, offlineProvider, planJson, stageModule, terraform, terraformSession,
} from '../lib/terraform-cli.mjs';
import { startFakeAws, ACCOUNT_ID, GROUPS } from '../lib/fake-aws.mjs';
import { changeOf, knownJson, knownValue, list, plannedResources, plannedStrings, statementsBySid } from '../lib/plan.mjs';
import { breaches, evaluate, stepAdjustment } from '../lib/metric-math.mjs';

const installed = findTerraform() !== undefined;
const needsTerraform = { skip: installed ? false : 'terraform is not installed (see the failing test above)' };

let fake;
// The five plans run side by side, started by the first test that needs one (each is mostly
// the provider's start-up); each plan test awaits its own.
const planned = {};
before(async () => {
  if (!installed) return;
  fake = await startFakeAws();
  let started;
  const all = () => {
    started ??= {
      complete: planComplete(),
      // Its own group name: the fake's group reads stay apart from the plan above's.
      completeWithPolicies: planComplete(['-var=create_scaling_policies=true', '-var=asg_name=github-runners-zero']),
      pools: planPools(),
      original: planOriginal(),
      china: planFixture('plan-china', 'cn-north-1'),
      keyFromSameApply: planFixture('plan-key-from-same-apply', 'us-west-2'),
    };
    for (const p of Object.values(started)) p.catch(() => {}); // reported by the test that awaits it
    return started;
  };
  const start = (key) => () => all()[key];
  for (const key of ['complete', 'completeWithPolicies', 'pools', 'original', 'china', 'keyFromSameApply']) planned[key] = start(key);
});
after(async () => {
  await fake?.close();
  if (installed) terraformSession().cleanup();
});

test('terraform is installed', async (t) => {
  assert.ok(installed, INSTALL_HINT);
  const version = (await terraform(['version'], MODULE_DIR)).stdout.split('\n')[0];
  const mirror = terraformSession().mirror;
  t.diagnostic(`${version}; providers from ${mirror ? `the filesystem mirror ${mirror}` : 'the registry'}`);
  const [, major, minor] = /Terraform v(\d+)\.(\d+)/.exec(version) ?? [];
  assert.ok(Number(major) > 1 || Number(minor) >= 7, `${version}: the tests need Terraform >= 1.7 (mock_provider in terraform test)`);
});

test('terraform fmt -check -recursive finds nothing to change', needsTerraform, async () => {
  const result = await terraform(['fmt', '-check', '-recursive', '-diff', '-no-color'], MODULE_DIR, { allowFailure: true });
  assert.equal(result.status, 0, `terraform fmt would change these files (run terraform fmt -recursive terraform):\n${result.stdout}${result.stderr}`);
});

for (const [label, relative] of [['the module', '.'], ...exampleNames().map((e) => [`examples/${e}`, `examples/${e}`])]) {
  test(`terraform init -backend=false and validate: ${label}`, needsTerraform, async (t) => {
    const dir = join(stageModule(`validate-${label.replace(/\W+/g, '-')}`), relative);
    await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
    const out = (await terraform(['validate', '-no-color'], dir)).stdout.trim();
    t.diagnostic(`${label}: ${out}`);
    assert.match(out, /^Success! The configuration is valid\./);
  });
}

test('terraform test passes every run of every .tftest.hcl', needsTerraform, async (t) => {
  const dir = stageModule('terraform-test');
  await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
  const result = await terraform(['test', '-no-color'], dir, { allowFailure: true });
  const summary = /(Success|Failure)! (\d+) passed, (\d+) failed(, (\d+) skipped)?\./.exec(result.stdout);
  t.diagnostic(summary ? summary[0] : 'no summary line');
  assert.equal(result.status, 0, `terraform test failed:\n${result.stdout}\n${result.stderr}`);
  assert.ok(summary && summary[3] === '0' && Number(summary[2]) >= 50, `unexpected summary: ${summary?.[0]}`);
});

// The module's resources, by address inside the module, for a module-created key, topic and
// dashboard without SnapStart, and the alarms of each pool.
const moduleResources = (...pools) => [...DEPLOYMENT_RESOURCES,
  ...pools.flatMap((pool) => [`aws_cloudwatch_metric_alarm.freshness["${pool}"]`, `aws_cloudwatch_metric_alarm.registration_gap["${pool}"]`,
    `aws_cloudwatch_metric_alarm.group_metrics["${pool}"]`])].sort();
const DEPLOYMENT_RESOURCES = [
  'aws_cloudwatch_dashboard.this[0]',
  'aws_cloudwatch_log_group.get_token',
  'aws_cloudwatch_log_group.list_runners',
  'aws_cloudwatch_log_group.state_machine',
  'aws_cloudwatch_metric_alarm.dead_letters',
  'aws_cloudwatch_metric_alarm.failure_rate',
  'aws_cloudwatch_metric_alarm.github_api_budget',
  'aws_iam_role.get_token[0]',
  'aws_iam_role.list_runners[0]',
  'aws_iam_role.scheduler[0]',
  'aws_iam_role.state_machine[0]',
  'aws_iam_role_policy.get_token[0]',
  'aws_iam_role_policy.list_runners[0]',
  'aws_iam_role_policy.scheduler[0]',
  'aws_iam_role_policy.state_machine[0]',
  'aws_kms_alias.this[0]',
  'aws_kms_key.this[0]',
  'aws_lambda_function.get_token',
  'aws_lambda_function.list_runners',
  'aws_scheduler_schedule.this',
  'aws_scheduler_schedule_group.this',
  'aws_sfn_state_machine.this',
  'aws_sns_topic.alarms[0]',
  'aws_sqs_queue.dead_letter',
  'aws_sqs_queue_policy.dead_letter',
];

// What job_events adds to the module, by address inside the module.
const JOB_EVENTS_RESOURCES = [
  'aws_cloudwatch_log_group.receive_job_events[0]',
  'aws_cloudwatch_log_group.repair_job_ledger[0]',
  'aws_cloudwatch_log_group.repair_state_machine[0]',
  'aws_cloudwatch_log_metric_filter.rejected_signatures[0]',
  'aws_cloudwatch_metric_alarm.receive_job_events_errors[0]',
  'aws_cloudwatch_metric_alarm.rejected_signatures[0]',
  'aws_cloudwatch_metric_alarm.repairs_failing[0]',
  'aws_dynamodb_table.job_ledger[0]',
  'aws_iam_role.receive_job_events[0]',
  'aws_iam_role.repair_job_ledger[0]',
  'aws_iam_role.repair_state_machine[0]',
  'aws_iam_role_policy.receive_job_events[0]',
  'aws_iam_role_policy.repair_job_ledger[0]',
  'aws_iam_role_policy.repair_state_machine[0]',
  'aws_lambda_function.receive_job_events[0]',
  'aws_lambda_function.repair_job_ledger[0]',
  'aws_lambda_function_url.receive_job_events[0]',
  'aws_lambda_permission.receive_job_events_invoke[0]',
  'aws_lambda_permission.receive_job_events_url[0]',
  'aws_scheduler_schedule.repair_job_ledger[0]',
  'aws_sfn_state_machine.repair_job_ledger[0]',
  // Demand (issue 20): jobs no pool fits.
  'aws_cloudwatch_metric_alarm.unmatched_queued_jobs[0]',
];

/** Checks every document of a plan of the module with its own key, under `m` (module address). */
function assertModuleDocuments(plan, m, { region, name, snapstart = false, jobEvents = false }) {
  const roleArn = (role) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}-${role}-${region}`;

  // The key policy: root administers, only ListRunners decrypts, only GetToken encrypts.
  const key = statementsBySid(knownJson(plan, `${m}.aws_kms_key.this[0]`, 'policy'));
  assert.deepEqual(Object.keys(key).sort(), ['AccountAdministersTheKey', 'GetTokenSealsForAnExecution', 'ListRunnersUnsealsForAnExecution',
    'NobodyReEncryptsFromThisKey', 'OnlyGetTokenEncrypts', 'OnlyListRunnersDecrypts', ...(jobEvents ? ['RepairJobLedgerUnsealsForAnExecution'] : [])].sort());
  assert.deepEqual(key.AccountAdministersTheKey.Principal, { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` });
  assert.equal(key.AccountAdministersTheKey.Effect, 'Allow');
  assert.deepEqual(key.OnlyListRunnersDecrypts, {
    Sid: 'OnlyListRunnersDecrypts', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Principal: { AWS: '*' },
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': jobEvents ? [roleArn('list-runners'), roleArn('repair-job-ledger')] : roleArn('list-runners') } },
  });
  if (jobEvents) {
    assert.deepEqual(key.RepairJobLedgerUnsealsForAnExecution, {
      Sid: 'RepairJobLedgerUnsealsForAnExecution', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Principal: { AWS: roleArn('repair-job-ledger') },
      Condition: { StringLike: { 'kms:EncryptionContext:execution_arn': `arn:aws:states:${region}:${ACCOUNT_ID}:execution:${name}-repair-job-ledger:*` } },
    });
  }
  assert.equal(key.OnlyGetTokenEncrypts.Effect, 'Deny');
  assert.deepEqual(list(key.OnlyGetTokenEncrypts.Action).sort(), ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair',
    'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptTo']);
  assert.deepEqual(key.OnlyGetTokenEncrypts.Condition, { ArnNotEquals: { 'aws:PrincipalArn': roleArn('get-token') } });
  assert.deepEqual([key.NobodyReEncryptsFromThisKey.Effect, key.NobodyReEncryptsFromThisKey.Action, key.NobodyReEncryptsFromThisKey.Condition], ['Deny', 'kms:ReEncryptFrom', undefined]);
  const executions = `arn:aws:states:${region}:${ACCOUNT_ID}:execution:${name}:*`;
  assert.deepEqual(key.ListRunnersUnsealsForAnExecution.Condition, { StringLike: { 'kms:EncryptionContext:execution_arn': executions } });
  assert.deepEqual(key.ListRunnersUnsealsForAnExecution.Principal, { AWS: roleArn('list-runners') });
  // No Deny takes administration away from the account.
  const denied = Object.values(key).filter((s) => s.Effect === 'Deny').flatMap((s) => list(s.Action));
  for (const admin of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:EnableKeyRotation', 'kms:*']) assert.ok(!denied.includes(admin), admin);

  // Trust policies: the scheduler's is scoped to the module's own schedule group.
  const schedulerTrust = knownJson(plan, `${m}.aws_iam_role.scheduler[0]`, 'assume_role_policy').Statement[0];
  assert.deepEqual(schedulerTrust.Condition, {
    ArnEquals: { 'aws:SourceArn': `arn:aws:scheduler:${region}:${ACCOUNT_ID}:schedule-group/${name}` },
    StringEquals: { 'aws:SourceAccount': ACCOUNT_ID },
  });
  assert.equal(knownValue(plan, `${m}.aws_scheduler_schedule.this`, 'group_name'), name);
  const stateMachineTrust = knownJson(plan, `${m}.aws_iam_role.state_machine[0]`, 'assume_role_policy').Statement[0];
  assert.deepEqual(stateMachineTrust.Condition.ArnEquals, { 'aws:SourceArn': `arn:aws:states:${region}:${ACCOUNT_ID}:stateMachine:${name}` });

  // The state machine's and the scheduler's own policies.
  const machine = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.state_machine[0]`, 'policy'));
  const fn = (f) => `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}-${f}`;
  assert.deepEqual(list(machine.InvokeTheTwoFunctions.Resource).sort(), [fn('get-token'), `${fn('get-token')}:*`, fn('list-runners'), `${fn('list-runners')}:*`].sort());
  assert.deepEqual(machine.PutMetricsInItsNamespaceOnly.Condition, { StringEquals: { 'cloudwatch:namespace': 'GitHubRunners' } });
  const scheduler = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.scheduler[0]`, 'policy'));
  assert.equal(scheduler.StartThisStateMachine.Resource, `arn:aws:states:${region}:${ACCOUNT_ID}:stateMachine:${name}`);
  assert.deepEqual(Object.keys(scheduler).sort(), ['DeadLetterUndeliveredStarts', 'StartThisStateMachine', ...(jobEvents ? ['StartTheRepairStateMachine'] : [])].sort());
  if (jobEvents) assert.equal(scheduler.StartTheRepairStateMachine.Resource, `arn:aws:states:${region}:${ACCOUNT_ID}:stateMachine:${name}-repair-job-ledger`);
  assert.equal(scheduler.DeadLetterUndeliveredStarts.Resource, `arn:aws:sqs:${region}:${ACCOUNT_ID}:${name}-schedule-dlq`);
  const queue = knownJson(plan, `${m}.aws_sqs_queue_policy.dead_letter`, 'policy').Statement[0];
  assert.deepEqual(queue.Principal, { AWS: roleArn('scheduler') });

  // Every Allow names its actions; "*" resources only where AWS takes no other.
  for (const address of ['aws_iam_role_policy.state_machine[0]', 'aws_iam_role_policy.scheduler[0]']) {
    for (const s of list(knownJson(plan, `${m}.${address}`, 'policy').Statement)) {
      for (const action of list(s.Action)) assert.ok(!action.includes('*'), `${address} ${s.Sid}: ${action}`);
    }
  }

  // The rendered definition: valid JSON, no placeholder left, the right functions and namespace.
  const definitionText = knownValue(plan, `${m}.aws_sfn_state_machine.this`, 'definition');
  assert.ok(!definitionText.includes('${'), 'a placeholder is left in the definition');
  const definition = JSON.parse(definitionText);
  const suffix = snapstart ? ':live' : '';
  assert.equal(definition.States.GetToken.Resource, `${fn('get-token')}${suffix}`);
  assert.equal(definition.States.ListRunners.Resource, `${fn('list-runners')}${suffix}`);
  assert.equal(definition.States.PutMetricData.Parameters.Namespace, 'GitHubRunners');
  return definition;
}

async function planComplete(extra = []) {
  const staged = stageModule(`complete${extra.length ? '-with-policies' : ''}`, { packages: BUNDLED_PLACEHOLDERS });
  const dir = join(staged, 'examples', 'complete');
  writeFileSync(join(dir, 'zz_offline_override.tf'), offlineProvider(fake.url, 'us-west-2'));
  return planJson(dir, ['-var=github_org_name=acme', '-var=installation_id=7f3c2a', '-var=alarm_emails=["ops@example.com"]', ...extra]);
}

test('offline plan of examples/complete with the real provider', needsTerraform, async (t) => {
  const plan = await planned.complete();

  const addresses = plannedResources(plan).map((r) => r.address).sort();
  t.diagnostic(`examples/complete: ${addresses.length} resources to add (provider ${plan.terraform_version ? `under Terraform ${plan.terraform_version}` : ''})`);
  const m = 'module.record_metric';
  assert.deepEqual(addresses, [
    'aws_autoscaling_group.runners',
    'aws_autoscaling_policy.keep_idle_runners[0]',
    'aws_launch_template.runners',
    'aws_secretsmanager_secret.github',
    'aws_secretsmanager_secret.github_webhook',
    ...moduleResources('github-runners').map((r) => `${m}.${r}`),
    ...JOB_EVENTS_RESOURCES.map((r) => `${m}.${r}`),
    `${m}.aws_cloudwatch_metric_alarm.job_wait["github-runners"]`,
    `${m}.aws_sns_topic_subscription.email["ops@example.com"]`,
  ].sort());
  assert.equal(addresses.length, 57);
  assert.deepEqual(fake.unknown, [], 'the provider asked the fake AWS for something it does not answer');
  assert.ok(fake.requests.some((r) => r.action === 'GetCallerIdentity'));
  assert.ok(fake.requests.some((r) => r.action === 'ValidateStateMachineDefinition'), 'the provider validates the known definition at plan time');
  // The group is created in the same apply: looked for by name at plan time, not there, not read.
  const groupReads = fake.requests.filter((r) => r.action === 'DescribeAutoScalingGroups' && r.asked.includes('github-runners'));
  assert.deepEqual(groupReads.map((r) => [r.asked, r.found]), [[['github-runners'], []]]);

  const definition = assertModuleDocuments(plan, m, { region: 'us-west-2', name: 'record-metric-github-runners', jobEvents: true });
  assert.equal(definition.States.PutMetricData.Parameters['MetricData.$'], '$.metricData');
  assert.equal(definition.States.ListRunners.Parameters['stateMachineName.$'], '$$.StateMachine.Name');
  // The scaling policy, written from the module's scaling_metric_queries: with the job ledger,
  // (busy + queued + 2) / in service.
  const metrics = scalingMetrics(plan, 'aws_autoscaling_policy.keep_idle_runners[0]');
  assert.deepEqual(metrics.map((q) => [q.id, q.expression, q.return_data]), [
    ['busy', '', false], ['queued', '', false], ['in_service', '', false], ['wanted_per_instance', '(busy + FILL(queued, 0) + 2) / in_service', true]]);
  assert.deepEqual(metrics[2].metric_stat[0].metric[0].dimensions, [{ name: 'AutoScalingGroupName', value: 'github-runners' }]);
  assert.deepEqual(metrics[1].metric_stat[0].metric[0].dimensions, [{ name: 'asg_name', value: 'github-runners' }]);
  const gap = changeOf(plan, `${m}.aws_cloudwatch_metric_alarm.registration_gap["github-runners"]`).change.after;
  assert.deepEqual([gap.evaluation_periods, gap.datapoints_to_alarm, gap.threshold], [10, 10, 0]);

  // The bundled packages are what the functions deploy (the release archive's layout).
  assert.match(knownValue(plan, `${m}.aws_lambda_function.get_token`, 'filename'), /(^|\/)packages\/get-token\.jar$/);
  for (const fn of ['receive_job_events', 'repair_job_ledger']) {
    assert.match(knownValue(plan, `${m}.aws_lambda_function.${fn}[0]`, 'filename'), /(^|\/)packages\/job-events\.jar$/);
  }
  // The job ledger's table as the contract has it, read back from the real provider's plan.
  const table = changeOf(plan, `${m}.aws_dynamodb_table.job_ledger[0]`).change.after;
  assert.deepEqual([table.name, table.billing_mode, table.hash_key, table.ttl, table.point_in_time_recovery.map((p) => p.enabled)],
    ['record-metric-github-runners-job-ledger', 'PAY_PER_REQUEST', 'pk', [{ attribute_name: 'expires_at', enabled: true }], [false]]);
  assert.deepEqual(table.global_secondary_index.map((i) => [i.name, i.hash_key, i.range_key, i.projection_type]).sort(),
    [['job-starts', 'started_hour', 'started_at', 'ALL'], ['open-jobs', 'open_status', 'checked_at', 'ALL']]);
  const url = changeOf(plan, `${m}.aws_lambda_function_url.receive_job_events[0]`).change.after;
  assert.equal(url.authorization_type, 'NONE');
  // The repair definition: valid JSON, every placeholder filled, this deployment's functions.
  const repairText = knownValue(plan, `${m}.aws_sfn_state_machine.repair_job_ledger[0]`, 'definition');
  assert.ok(!repairText.includes('${'), 'a placeholder is left in the repair definition');
  assert.ok(repairText.includes('arn:aws:lambda:us-west-2:123456789012:function:record-metric-github-runners-repair-job-ledger'));
  JSON.parse(repairText);
  const repairTrust = knownJson(plan, `${m}.aws_iam_role.repair_state_machine[0]`, 'assume_role_policy').Statement[0];
  assert.deepEqual(repairTrust.Condition.ArnEquals, { 'aws:SourceArn': 'arn:aws:states:us-west-2:123456789012:stateMachine:record-metric-github-runners-repair-job-ledger' });
  const repairMachine = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.repair_state_machine[0]`, 'policy'));
  assert.deepEqual(Object.keys(repairMachine).sort(), ['DeliverItsLogs', 'InvokeGetTokenAndTheRepairs', 'PutMetricsInItsNamespaceOnly']);
  const alarm = changeOf(plan, `${m}.aws_cloudwatch_metric_alarm.dead_letters`).change.after;
  assert.deepEqual([alarm.metric_name, alarm.statistic, alarm.comparison_operator, alarm.threshold], ['NumberOfMessagesSent', 'Sum', 'GreaterThanThreshold', 0]);
});

// "A pool at zero gets capacity in one period" and "a burst of K queued jobs asks for K": the
// planned alarm's and policies' own definitions, read back from the real provider's plan of
// examples/complete with create_scaling_policies, evaluated on the datapoints ListRunners and
// Auto Scaling would publish (lib/metric-math.mjs: CloudWatch's rules for the functions used).
test('examples/complete with create_scaling_policies: a pool at zero gets capacity in one period; 50 queued jobs ask for 50 instances', needsTerraform, async (t) => {
  const plan = await planned.completeWithPolicies();
  const m = 'module.record_metric';
  const pool = 'github-runners-zero';
  const addresses = plannedResources(plan).map((r) => r.address);
  for (const address of [`${m}.aws_autoscaling_policy.track_demand["${pool}"]`, `${m}.aws_autoscaling_policy.scale_from_zero["${pool}"]`,
    `${m}.aws_cloudwatch_metric_alarm.scale_from_zero["${pool}"]`]) assert.ok(addresses.includes(address), `${address} is not planned`);
  assert.ok(!addresses.includes('aws_autoscaling_policy.keep_idle_runners[0]'), 'the hand-written policy is replaced by the module\'s');

  // Datapoints by metric name, as the alarm's queries name them.
  const valuesFor = (queries, byMetric) => Object.fromEntries(queries.filter((q) => !q.expression)
    .map((q) => [q.id, byMetric[(q.metric ?? q.metric_stat?.[0]?.metric)[0].metric_name]]));

  const alarmChange = changeOf(plan, `${m}.aws_cloudwatch_metric_alarm.scale_from_zero["${pool}"]`);
  const alarm = alarmChange.change.after;
  const returned = alarm.metric_query.filter((q) => q.return_data);
  assert.equal(returned.length, 1);
  const periods = alarm.metric_query.filter((q) => !q.expression).map((q) => q.metric[0].period);
  assert.deepEqual([...new Set(periods)], [60], 'the alarm looks at one run\'s period');
  assert.deepEqual([alarm.evaluation_periods, alarm.datapoints_to_alarm], [1, 1], 'one breaching period puts it in ALARM');
  assert.equal(alarm.treat_missing_data, 'notBreaching');
  // Its action is the step policy (an ARN known only after apply: the reference, from the plan's configuration).
  assert.equal(alarmChange.change.after_unknown.alarm_actions, true);
  const alarmConfig = plan.configuration.root_module.module_calls.record_metric.module.resources.find((r) => r.address === 'aws_cloudwatch_metric_alarm.scale_from_zero');
  assert.ok(alarmConfig.expressions.alarm_actions.references.includes('aws_autoscaling_policy.scale_from_zero'), JSON.stringify(alarmConfig.expressions.alarm_actions));

  const policy = changeOf(plan, `${m}.aws_autoscaling_policy.scale_from_zero["${pool}"]`).change.after;
  assert.deepEqual([policy.policy_type, policy.adjustment_type], ['StepScaling', 'ChangeInCapacity']);
  const maxSize = changeOf(plan, 'aws_autoscaling_group.runners').change.after.max_size;

  const seen = [];
  for (const [inService, queued, wanted] of [[0, 3, 3], [0, 1, 1], [0, 12, 10], [0, 80, Math.min(50, maxSize)], [1, 3, 0], [0, 0, 0]]) {
    const value = evaluate(returned[0].expression, valuesFor(alarm.metric_query, { GroupInServiceInstances: inService, QueuedJobs: queued }));
    const fires = breaches(alarm.comparison_operator, value, alarm.threshold);
    const added = fires ? stepAdjustment(policy.step_adjustment, value, alarm.threshold) : 0;
    const capacity = Math.min(inService + added, maxSize);
    seen.push(`in service ${inService}, queued ${queued}: ${fires ? `ALARM, +${added} -> ${capacity}` : 'OK'}`);
    if (inService === 0 && queued > 0) {
      assert.ok(fires && added >= 1, `in service 0 and ${queued} queued must fire the alarm and add at least 1: ${seen.at(-1)}`);
    }
    assert.equal(capacity - inService, wanted, seen.at(-1));
  }
  // No QueuedJobs datapoint: no value, and missing data does not breach.
  assert.equal(evaluate(returned[0].expression, { in_service: 0 }), undefined);
  t.diagnostic(seen.join('; '));

  // The target tracking policy: capacity = in service x metric / target. 50 jobs queued at once
  // in a pool of 2 idle instances ask for 50 more in the next period; at 0 in service the metric
  // has no value (which is why the step policy exists).
  const track = changeOf(plan, `${m}.aws_autoscaling_policy.track_demand["${pool}"]`).change.after.target_tracking_configuration[0];
  const queries = track.customized_metric_specification[0].metrics;
  const tracked = queries.find((q) => q.return_data);
  const burst = evaluate(tracked.expression, valuesFor(queries, { BusyRunners: 0, QueuedJobs: 50, GroupInServiceInstances: 2 }));
  const asked = Math.ceil(2 * burst / track.target_value) - 2;
  t.diagnostic(`burst of 50 queued, 2 idle in service: metric ${burst}, asks for ${asked} more`);
  assert.equal(asked, 50);
  assert.equal(evaluate(tracked.expression, valuesFor(queries, { BusyRunners: 0, QueuedJobs: 3, GroupInServiceInstances: 0 })), undefined);
});

/** A target tracking policy's customized metric queries, by id order of the configuration. */
function scalingMetrics(plan, address) {
  const metrics = changeOf(plan, address).change.after.target_tracking_configuration[0].customized_metric_specification[0].metrics;
  const order = ['busy', 'queued', 'in_service', 'wanted_per_instance'];
  return [...metrics].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

async function planPools() {
  const staged = stageModule('pools', { packages: BUNDLED_PLACEHOLDERS });
  const dir = join(staged, 'examples', 'pools');
  writeFileSync(join(dir, 'zz_offline_override.tf'), offlineProvider(fake.url, 'us-west-2'));
  const pools = '{ "runners-small" = { installation_id = "small", instance_type = "t3.medium", max_runners = 20, idle_runners = 2, idle_scale_factor = 0 }, '
    + '"runners-large" = { installation_id = "large", instance_type = "c6i.4xlarge", max_runners = 10, idle_runners = 1, idle_scale_factor = 0.25 } }';
  return planJson(dir, ['-var=github_org_name=acme', `-var=pools=${pools}`, '-var=runner_group_id=7', '-var=alarm_emails=["ops@example.com"]']);
}

test('offline plan of examples/pools: two pools, one deployment, one policy each', needsTerraform, async (t) => {
  const plan = await planned.pools();
  const addresses = plannedResources(plan).map((r) => r.address).sort();
  t.diagnostic(`examples/pools with 2 pools: ${addresses.length} resources to add`);
  const m = 'module.record_metric';
  const perPool = (pool) => [`aws_autoscaling_group.runners["${pool}"]`, `aws_autoscaling_policy.keep_idle_runners["${pool}"]`,
    `aws_launch_template.runners["${pool}"]`];
  assert.deepEqual(addresses, [
    ...perPool('runners-large'), ...perPool('runners-small'),
    'aws_secretsmanager_secret.github',
    ...moduleResources('runners-large', 'runners-small').map((r) => `${m}.${r}`),
    `${m}.aws_sns_topic_subscription.email["ops@example.com"]`,
  ].sort());
  assert.deepEqual(fake.unknown, []);

  assertModuleDocuments(plan, m, { region: 'us-west-2', name: 'record-metric-acme' });
  // (The functions' environment, RUNNER_POOLS among it, holds the new key's ARN: known after
  // apply here, checked by terraform test and by the China plan.)
  assert.equal(scalingMetrics(plan, 'aws_autoscaling_policy.keep_idle_runners["runners-small"]')[2].expression, '(busy + 2) / in_service');
  assert.equal(scalingMetrics(plan, 'aws_autoscaling_policy.keep_idle_runners["runners-large"]')[2].expression,
    '(busy + IF(CEIL(0.25 * busy) > 1, CEIL(0.25 * busy), 1)) / in_service');
  const freshness = changeOf(plan, `${m}.aws_cloudwatch_metric_alarm.freshness["runners-large"]`).change.after;
  assert.deepEqual([freshness.alarm_name, freshness.dimensions], ['record-metric-acme-no-datapoints-runners-large', { asg_name: 'runners-large' }]);
  const budget = changeOf(plan, `${m}.aws_cloudwatch_metric_alarm.github_api_budget`).change.after;
  assert.equal(budget.threshold, 20);
  assert.deepEqual(budget.metric_query.filter((q) => q.id === 'remaining')[0].metric[0].dimensions, { state_machine: 'record-metric-acme' });
  assert.deepEqual(plan.planned_values.outputs.scaling_expressions.value, {
    'runners-large': '(busy + IF(CEIL(0.25 * busy) > 1, CEIL(0.25 * busy), 1)) / in_service',
    'runners-small': '(busy + 2) / in_service',
  });
});

/** The original module's call, as its README shows it (the ```hcl block of "## Usage"). */
export function originalCall(readme) {
  const usage = readme.slice(readme.indexOf('## Usage'));
  const block = /```hcl\n([\s\S]*?)```/.exec(usage);
  if (!block || !block[1].includes('module "record_metric"')) throw new Error('no module "record_metric" block under ## Usage');
  return block[1];
}

// The call is committed as a fixture (CI has no copy of the original module); where the original's
// README is beside the repository, a test checks that the fixture is still exactly its call.
const ORIGINAL_CALL = join(MODULE_DIR, 'tests', 'fixtures', 'original-call', 'call.tf.txt');
const ORIGINAL_README = [
  process.env.RECORD_METRIC_ORIGINAL_README,
  resolve(REPO_DIR, '..', 'shared', 'original-module', 'record_metric-README.md'),
].filter(Boolean).find((p) => existsSync(p));

test('the original-call fixture is the call in the original module\'s README', (t) => {
  if (!ORIGINAL_README) {
    t.diagnostic('the original module\'s README is not beside the repository (shared/original-module/record_metric-README.md, or RECORD_METRIC_ORIGINAL_README): the committed fixture is planned as it is');
    return;
  }
  assert.equal(readFileSync(ORIGINAL_CALL, 'utf8'), originalCall(readFileSync(ORIGINAL_README, 'utf8')));
});

async function planOriginal() {
  const call = readFileSync(ORIGINAL_CALL, 'utf8');
  const sources = [...call.matchAll(/^(\s*source\s*=\s*)"[^"]*"/gm)];
  assert.equal(sources.length, 1, 'the call has one source line');
  const staged = stageModule('original', { packages: BUNDLED_PLACEHOLDERS });
  const root = resolve(staged, '..', 'root');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'main.tf'), call.replace(sources[0][0], `${sources[0][1]}"../terraform"`));
  // What the original's parent module reads of it, and a provider: beside the call, not in it.
  writeFileSync(join(root, 'parent.tf'), `output "lambda_name" {\n  value = module.record_metric.lambda_name\n}\n\n${offlineProvider(fake.url, 'us-west-2')}`);
  return planJson(root);
}

test('offline plan of the original module\'s call from its README, unchanged but for source', needsTerraform, async (t) => {
  const plan = await planned.original();
  const addresses = plannedResources(plan).map((r) => r.address).sort();
  t.diagnostic(`the original's call: ${addresses.length} resources to add`);
  const m = 'module.record_metric';
  assert.deepEqual(addresses, [...moduleResources('my-runners').map((r) => `${m}.${r}`), `${m}.aws_sns_topic_subscription.email["ops@example.com"]`].sort());
  assert.equal(plan.planned_values.outputs.lambda_name.value, 'record-metric-my-runners-list-runners');

  assertModuleDocuments(plan, m, { region: 'us-west-2', name: 'record-metric-my-runners' });
  // Its secret ARN has no six-character suffix: the grant with "-??????" is rendered in the
  // China plan, where the token key's ARN (part of the same policy) is known at plan time.
  // (The functions' environment is only known after apply here: it holds the new key's ARN.)
  // python_version is accepted and ignored; the rest of the call is applied.
  assert.equal(knownValue(plan, `${m}.aws_lambda_function.list_runners`, 'runtime'), 'java21');
  assert.equal(knownValue(plan, `${m}.aws_lambda_function.list_runners`, 'timeout'), 30);
  assert.equal(knownValue(plan, `${m}.aws_cloudwatch_log_group.get_token`, 'retention_in_days'), 365);
  assert.deepEqual(knownValue(plan, `${m}.aws_lambda_function.get_token`, 'tags'), { Environment: 'production' });
});

// The module as it was before job_events (issue 19), the one deployments run today: with
// job_events off, the current module must plan exactly what it plans, resource for resource and
// value for value, so that upgrading changes nothing. Read from git; skipped where the history is
// not there (a shallow clone).
const BEFORE_JOB_EVENTS = 'd6b79fae65a127214f9da22844a39451e9e4b909';

async function planOriginalAt(commit) {
  const root = join(terraformSession().root, `before-${commit.slice(0, 8)}`);
  mkdirSync(root, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git -C "${REPO_DIR}" archive ${commit} terraform | tar -x -C "${root}"`], { encoding: 'utf8' });
  if (archive.status !== 0) return { skipped: `git archive ${commit} failed: ${archive.stderr.trim()}` };
  mkdirSync(join(root, 'terraform', 'packages'), { recursive: true });
  for (const [file, source] of Object.entries(BUNDLED_PLACEHOLDERS)) cpSync(source, join(root, 'terraform', 'packages', file));
  const call = readFileSync(ORIGINAL_CALL, 'utf8');
  const sources = [...call.matchAll(/^(\s*source\s*=\s*)"[^"]*"/gm)];
  mkdirSync(join(root, 'root'), { recursive: true });
  writeFileSync(join(root, 'root', 'main.tf'), call.replace(sources[0][0], `${sources[0][1]}"../terraform"`));
  writeFileSync(join(root, 'root', 'parent.tf'), `output "lambda_name" {\n  value = module.record_metric.lambda_name\n}\n\n${offlineProvider(fake.url, 'us-west-2')}`);
  return { plan: await planJson(join(root, 'root')) };
}

/** Each planned change of a plan by address: its actions, values and unknown values. */
function changesOf(plan) {
  return Object.fromEntries((plan.resource_changes ?? []).filter((c) => c.mode === 'managed')
    .map((c) => [c.address, { actions: c.change.actions, after: c.change.after, unknown: c.change.after_unknown }]));
}

test('job_events off (the default): the original call plans exactly as with the module before job_events', needsTerraform, async (t) => {
  const before = await planOriginalAt(BEFORE_JOB_EVENTS);
  if (before.skipped) {
    t.skip(before.skipped);
    return;
  }
  const now = changesOf(await planned.original());
  const then = changesOf(before.plan);
  t.diagnostic(`${Object.keys(then).length} resources before job_events, ${Object.keys(now).length} now`);
  assert.deepEqual(Object.keys(now).sort(), Object.keys(then).sort(), 'job_events off must add or remove no resource');
  for (const address of Object.keys(then)) assert.deepEqual(now[address], then[address], `${address} differs from the module before job_events`);
});

async function planFixture(name, region) {
  const staged = stageModule(name);
  const dir = join(staged, 'tests', 'fixtures', name);
  writeFileSync(join(dir, 'zz_offline_override.tf'), offlineProvider(fake.url, region));
  return planJson(dir);
}

test('offline plan in the China partition: every ARN, DNS suffix and region from the provider', needsTerraform, async (t) => {
  const plan = await planned.china();
  const m = 'module.record_metric';
  t.diagnostic(`China plan: ${plannedResources(plan).length} resources to add`);

  const getToken = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.get_token[0]`, 'policy'));
  const secret = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:github-app';
  assert.deepEqual(list(getToken.ReadTheGitHubCredentials.Resource).sort(), [secret, `${secret}-??????`]);
  assert.deepEqual(getToken.DecryptTheSecretThroughSecretsManager.Condition, { StringEquals: { 'kms:ViaService': 'secretsmanager.cn-northwest-1.amazonaws.com.cn' } });
  assert.equal(getToken.SealTheTokenForAnExecution.Resource, 'arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555');
  assert.equal(getToken.WriteItsOwnLogs.Resource, 'arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/lambda/record-metric-runners-get-token:*');
  assert.equal(getToken.ManageItsNetworkInterfaces.Resource, 'arn:aws-cn:ec2:cn-north-1:123456789012:network-interface/*');
  assert.equal(getToken.CreateThemInTheConfiguredNetwork0.Resource, 'arn:aws-cn:ec2:cn-north-1:*:subnet/subnet-0123456789abcdef0');
  assert.equal(getToken.CreateThemInTheConfiguredNetwork1.Resource, 'arn:aws-cn:ec2:cn-north-1:*:security-group/sg-0123456789abcdef0');
  assert.deepEqual(list(getToken.CreateThemInTheConfiguredNetwork0.Action), ['ec2:CreateNetworkInterface']);
  assert.equal(getToken.DescribeItsNetwork.Resource, '*');
  const listRunners = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.list_runners[0]`, 'policy'));
  assert.deepEqual(Object.keys(listRunners).sort(), ['CreateThemInTheConfiguredNetwork0', 'CreateThemInTheConfiguredNetwork1', 'DescribeItsNetwork', 'KeepItsCursor',
    'ManageItsNetworkInterfaces', 'ReadTheOpenJobs', 'UnsealTheTokenForAnExecution', 'WriteItsOwnLogs']);
  assert.deepEqual(list(listRunners.UnsealTheTokenForAnExecution.Action), ['kms:Decrypt']);
  // With job_events (issue 20): the ledger's open-jobs and job-starts indexes, and its own cursor item, in the partition.
  assert.deepEqual([list(listRunners.ReadTheOpenJobs.Action), list(listRunners.ReadTheOpenJobs.Resource).sort()],
    [['dynamodb:Query'], ['arn:aws-cn:dynamodb:cn-north-1:123456789012:table/record-metric-runners-job-ledger/index/job-starts',
      'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/record-metric-runners-job-ledger/index/open-jobs']]);
  assert.deepEqual([list(listRunners.KeepItsCursor.Action).sort(), listRunners.KeepItsCursor.Resource, listRunners.KeepItsCursor.Condition],
    [['dynamodb:GetItem', 'dynamodb:PutItem'], 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/record-metric-runners-job-ledger',
      { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': 'cursor#demand' } }]);

  // The job ledger's documents, every ARN of the partition, the region and the account.
  const receiver = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.receive_job_events[0]`, 'policy'));
  const webhookSecret = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:github-webhook';
  const table = 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/record-metric-runners-job-ledger';
  assert.deepEqual(Object.keys(receiver).sort(), ['DecryptTheSecretThroughSecretsManager', 'ReadTheWebhookSecret', 'RecordJobs', 'WriteItsOwnLogs']);
  assert.deepEqual(list(receiver.ReadTheWebhookSecret.Resource).sort(), [webhookSecret, `${webhookSecret}-??????`]);
  assert.deepEqual(receiver.DecryptTheSecretThroughSecretsManager.Condition, { StringEquals: { 'kms:ViaService': 'secretsmanager.cn-northwest-1.amazonaws.com.cn' } });
  assert.deepEqual([list(receiver.RecordJobs.Action).sort(), receiver.RecordJobs.Resource], [['dynamodb:PutItem', 'dynamodb:UpdateItem'], table]);
  const repair = statementsBySid(knownJson(plan, `${m}.aws_iam_role_policy.repair_job_ledger[0]`, 'policy'));
  assert.deepEqual(Object.keys(repair).sort(), ['CreateThemInTheConfiguredNetwork0', 'CreateThemInTheConfiguredNetwork1', 'DescribeItsNetwork', 'ManageItsNetworkInterfaces',
    'QueryTheOpenJobs', 'ReadAndWriteTheLedger', 'UnsealTheTokenForAnExecution', 'WriteItsOwnLogs']);
  assert.equal(repair.QueryTheOpenJobs.Resource, `${table}/index/open-jobs`);
  assert.deepEqual(list(repair.ReadAndWriteTheLedger.Action).sort(), ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  assert.deepEqual(repair.UnsealTheTokenForAnExecution.Condition, {
    StringLike: { 'kms:EncryptionContext:execution_arn': 'arn:aws-cn:states:cn-north-1:123456789012:execution:record-metric-runners-repair-job-ledger:*' },
  });
  assert.deepEqual(getToken.SealTheTokenForAnExecution.Condition.StringLike['kms:EncryptionContext:execution_arn'], [
    'arn:aws-cn:states:cn-north-1:123456789012:execution:record-metric-runners:*',
    'arn:aws-cn:states:cn-north-1:123456789012:execution:record-metric-runners-repair-job-ledger:*',
  ]);
  const repairEnvironment = knownValue(plan, `${m}.aws_lambda_function.repair_job_ledger[0]`, 'environment')[0].variables;
  assert.equal(repairEnvironment.WEBHOOK_HOOK, 'organization:42');
  assert.equal(repairEnvironment.TOKEN_KMS_KEY_ID, 'arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555');

  const role = changeOf(plan, `${m}.aws_iam_role.get_token[0]`).change.after;
  assert.deepEqual([role.name, role.path, role.permissions_boundary], ['record-metric-runners-get-token-cn-north-1', '/record-metric/', 'arn:aws-cn:iam::123456789012:policy/boundary']);
  assert.deepEqual(knownValue(plan, `${m}.aws_cloudwatch_metric_alarm.freshness["runners"]`, 'alarm_actions'), ['arn:aws-cn:sns:cn-north-1:123456789012:oncall']);
  // With an existing key the functions' environment is known at plan time: the pools as ListRunners reads them.
  assert.equal(knownValue(plan, `${m}.aws_lambda_function.list_runners`, 'environment')[0].variables.RUNNER_POOLS, '{"runners":"abc123"}');
  // With job_events ListRunners reads the ledger (issue 20); its one pool has no job_labels.
  const listRunnersVariables = knownValue(plan, `${m}.aws_lambda_function.list_runners`, 'environment')[0].variables;
  assert.equal(listRunnersVariables.JOB_LEDGER_TABLE, 'record-metric-runners-job-ledger');
  assert.equal(listRunnersVariables.POOL_JOB_LABELS, undefined);
  assert.ok(!plannedResources(plan).some((r) => r.type === 'aws_sns_topic' || r.type === 'aws_kms_key'), 'no topic without emails, no key with kms_key');

  // No ARN of the commercial partition anywhere the module builds one. The definition is checked
  // on its own below: its putMetricData resource is the template's, not the module's.
  const commercial = plannedStrings(plan).filter((s) => s.value.includes('arn:aws:') && !s.at.endsWith('.definition'));
  assert.deepEqual(commercial, []);
});

test('the China plan\'s definition names the putMetricData integration in its partition', needsTerraform, async () => {
  const definition = knownValue(await planned.china(), 'module.record_metric.aws_sfn_state_machine.this', 'definition');
  assert.ok(!definition.includes('arn:aws:'), 'the definition still names arn:aws: in the aws-cn partition');
  assert.equal(JSON.parse(definition).States.PutMetricData.Resource, 'arn:aws-cn:states:::aws-sdk:cloudwatch:putMetricData');
});

test('offline plan with existing groups: the one without GroupInServiceInstances fails the plan, named', needsTerraform, async () => {
  const staged = stageModule('plan-existing-groups');
  const dir = join(staged, 'tests', 'fixtures', 'plan-existing-groups');
  writeFileSync(join(dir, 'zz_offline_override.tf'), offlineProvider(fake.url, 'us-west-2'));
  await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
  const result = await terraform(['plan', '-input=false', '-no-color', '-lock=false'], dir, { allowFailure: true });
  const output = `${result.stdout}${result.stderr}`;
  assert.notEqual(result.status, 0, `the plan passed with a group that publishes no group metrics:\n${output}`);
  const failures = [...output.replace(/\s+/g, ' ').matchAll(/The Auto Scaling group (\S+) does not publish GroupInServiceInstances \(its enabled metrics: ([^)]*)\)/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(failures, [['unmetered-runners', 'none']], output);
  // Both groups were found by name and read; only the one without the metric failed.
  // (The fake serves the other plans meanwhile: only this fixture's groups are looked at.)
  const reads = fake.requests.filter((r) => r.action === 'DescribeAutoScalingGroups' && r.asked.every((n) => n in GROUPS));
  assert.deepEqual(reads.filter((r) => r.asked.length === 2).map((r) => r.found), [['metered-runners', 'unmetered-runners']]);
  assert.deepEqual(reads.filter((r) => r.asked.length === 1).map((r) => r.asked[0]).sort(), ['metered-runners', 'unmetered-runners']);
});

test('offline plan with the token key created in the same apply: no "Invalid count argument"', needsTerraform, async () => {
  const plan = await planned.keyFromSameApply();
  const keys = plannedResources(plan).filter((r) => r.type === 'aws_kms_key').map((r) => r.address);
  assert.deepEqual(keys, ['aws_kms_key.token']);
  const change = changeOf(plan, 'module.record_metric.aws_lambda_function.list_runners').change;
  assert.match(JSON.stringify(change.after_unknown.environment), /true/, 'the functions get the caller\'s key, known after apply');
});
