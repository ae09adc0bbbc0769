// Findings of common IaC scanners that are deliberate carry inline skips in each scanner's own
// syntax, with the reason: checkov `#checkov:skip=<ID>:<reason>` inside the block ("Suppressing
// and Skipping Policies", checkov docs); trivy `#trivy:ignore:<ID>` and tfsec
// `#tfsec:ignore:<rule>` on the lines just above the block ("Filtering: by inline comments",
// trivy docs; "Ignoring checks", tfsec docs), below a comment saying why. Nothing else is skipped:
// a new skip must be listed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modules, display } from '../lib/terraform.mjs';
import { blocksOf } from '../lib/structure.mjs';

// tfsec's rule for each trivy ID used here (trivy took over tfsec's checks under AVD IDs).
const TFSEC_RULE = {
  'AVD-AWS-0057': 'aws-iam-no-policy-wildcards',
  'AVD-AWS-0066': 'aws-lambda-enable-tracing',
  'AVD-AWS-0095': 'aws-sns-enable-topic-encryption',
  'AVD-AWS-0024': 'aws-dynamodb-enable-recovery',
  'AVD-AWS-0025': 'aws-dynamodb-table-customer-key',
};

const LAMBDA = { checkov: ['CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_117', 'CKV_AWS_173', 'CKV_AWS_272', 'CKV_AWS_50'], trivy: ['AVD-AWS-0066'] };
export const EXPECTED_SKIPS = {
  'resource aws_lambda_function.get_token': LAMBDA,
  'resource aws_lambda_function.list_runners': LAMBDA,
  'data aws_iam_policy_document.kms_key': { checkov: ['CKV_AWS_109', 'CKV_AWS_111', 'CKV_AWS_356'], trivy: ['AVD-AWS-0057'] },
  'data aws_iam_policy_document.state_machine': { checkov: [], trivy: ['AVD-AWS-0057'] },
  'data aws_iam_policy_document.vpc_access': { checkov: [], trivy: ['AVD-AWS-0057'] },
  'resource aws_sns_topic.alarms': { checkov: ['CKV_AWS_26'], trivy: ['AVD-AWS-0095'] },
  'resource aws_sfn_state_machine.this': { checkov: ['CKV_AWS_284'], trivy: [] },
  // The job ledger (job_events).
  'resource aws_dynamodb_table.job_ledger': { checkov: ['CKV_AWS_28', 'CKV_AWS_119'], trivy: ['AVD-AWS-0024', 'AVD-AWS-0025'] },
  'resource aws_lambda_function.receive_job_events': { checkov: ['CKV_AWS_116', 'CKV_AWS_117', 'CKV_AWS_173', 'CKV_AWS_272', 'CKV_AWS_50'], trivy: ['AVD-AWS-0066'] },
  'resource aws_lambda_function.repair_job_ledger': LAMBDA,
  'resource aws_lambda_function_url.receive_job_events': { checkov: ['CKV_AWS_258'], trivy: [] },
  'resource aws_lambda_permission.receive_job_events_url': { checkov: ['CKV_AWS_301'], trivy: [] },
  'resource aws_lambda_permission.receive_job_events_invoke': { checkov: ['CKV_AWS_301'], trivy: [] },
  'data aws_iam_policy_document.repair_state_machine': { checkov: [], trivy: ['AVD-AWS-0057'] },
  'resource aws_sfn_state_machine.repair_job_ledger': { checkov: ['CKV_AWS_284'], trivy: [] },
};

const CHECKOV = /^\s*#\s*checkov:skip=([A-Z0-9_]+):(.*)$/;
const IGNORE = /^#(trivy|tfsec):ignore:(\S+)$/;

/** The skips of every resource and data block of the module: { 'resource type.name': {checkov, trivy, tfsec, problems} }. */
export function skipsOf(file) {
  const lines = file.source.split('\n');
  const found = {};
  for (const kind of ['resource', 'data']) {
    for (const block of blocksOf(file.items, kind)) {
      const key = `${kind} ${block.labels[0]}.${block.labels[1]}`;
      const at = `${display(file.path)}:${block.line} ${key}`;
      const skips = { checkov: [], trivy: [], tfsec: [], problems: [] };
      for (let l = block.line; l < block.endLine - 1; l++) {
        const m = CHECKOV.exec(lines[l]);
        if (!m) continue;
        skips.checkov.push(m[1]);
        if (m[2].trim().length < 15) skips.problems.push(`${at}: checkov:skip=${m[1]} needs a reason after the colon`);
      }
      let reason = false;
      for (let l = block.line - 2; l >= 0 && lines[l].startsWith('#'); l--) {
        const m = IGNORE.exec(lines[l].trim());
        if (m) {
          if (reason) skips.problems.push(`${at}: ${m[1]}:ignore:${m[2]} must be just above the block, below its reason`);
          skips[m[1]].push(m[2]);
        } else {
          reason = true;
        }
      }
      if (skips.trivy.length + skips.tfsec.length > 0 && !reason) skips.problems.push(`${at}: the ignores need a comment above them saying why`);
      if (skips.checkov.length + skips.trivy.length + skips.tfsec.length + skips.problems.length > 0) found[key] = skips;
    }
  }
  return found;
}

test('the deliberate scanner findings, and only they, are skipped inline with a reason', async () => {
  const files = [...(await modules()).entries()].find(([dir]) => display(dir) === 'terraform')[1];
  const found = Object.assign({}, ...files.map(skipsOf));
  assert.deepEqual(Object.values(found).flatMap((s) => s.problems), []);
  const actual = Object.fromEntries(Object.entries(found).map(([key, s]) => [key, { checkov: s.checkov.sort(), trivy: s.trivy.sort(), tfsec: s.tfsec.sort() }]));
  const expected = Object.fromEntries(Object.entries(EXPECTED_SKIPS).map(([key, s]) => [key, { checkov: [...s.checkov].sort(), trivy: [...s.trivy].sort(), tfsec: s.trivy.map((id) => TFSEC_RULE[id]).sort() }]));
  assert.deepEqual(actual, expected);
});

test('skipsOf_whenAnIgnoreHasNoReasonOrACheckovSkipNoComment_saysSo', async () => {
  const { parseSource } = await import('../lib/terraform.mjs');
  const file = await parseSource('/m/x.tf', '#trivy:ignore:AVD-AWS-0066\nresource "aws_lambda_function" "f" {\n  #checkov:skip=CKV_AWS_115:\n  function_name = "f"\n}\n');
  const skips = skipsOf(file)['resource aws_lambda_function.f'];
  assert.deepEqual([skips.checkov, skips.trivy], [['CKV_AWS_115'], ['AVD-AWS-0066']]);
  assert.equal(skips.problems.length, 2, skips.problems.join('\n'));
});
