// Least privilege in every aws_iam_policy_document: no "*" action, "*" resource only where AWS
// requires it and with a comment saying why, PutMetricData bound to the namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modules, display, parseSource } from '../lib/terraform.mjs';
import { checkPolicyDocuments, keyPolicyNames } from '../lib/iam-check.mjs';

test('every IAM policy document of the module and its examples is least privilege', async (t) => {
  const errors = [];
  let documents = 0;
  let statements = 0;
  for (const files of (await modules()).values()) {
    const keyPolicies = keyPolicyNames(files);
    for (const file of files) {
      const result = checkPolicyDocuments(file, keyPolicies, display(file.path));
      errors.push(...result.errors);
      documents += result.documents;
      statements += result.statements;
    }
  }
  t.diagnostic(`checked ${statements} statements in ${documents} policy documents`);
  assert.deepEqual(errors, []);
  assert.ok(documents >= 9, `only ${documents} policy documents found`);
});

test('the key policy is recognised as one', async () => {
  const files = (await modules()).values().next().value;
  assert.deepEqual([...keyPolicyNames(files)], ['kms_key']);
});

async function errorsOf(hcl) {
  const file = await parseSource('snippet.tf', hcl);
  return checkPolicyDocuments(file, keyPolicyNames([file]), 'snippet.tf').errors;
}

const doc = (statement) => `data "aws_iam_policy_document" "p" {\n${statement}\n}\n`;

test('iam_whenActionIsStar_saysEveryAction', async () => {
  const errors = await errorsOf(doc('  statement {\n    actions   = ["*"]\n    resources = ["arn:aws:s3:::b"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /snippet\.tf:2 data\.aws_iam_policy_document\.p statement: action "\*" grants every action/);
});

test('iam_whenActionIsAServiceWildcard_asksToListThem', async () => {
  const errors = await errorsOf(doc('  statement {\n    actions   = ["s3:Get*"]\n    resources = ["arn:aws:s3:::b/*"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /wildcard action "s3:Get\*"/);
});

test('iam_whenResourceIsStarForAnActionWithResources_asksToNameThem', async () => {
  const errors = await errorsOf(doc('  # comment\n  statement {\n    actions   = ["lambda:InvokeFunction"]\n    resources = ["*"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /resource "\*" with lambda:InvokeFunction, which accept\(s\) specific resources/);
});

test('iam_whenStarResourceIsRequiredButUnexplained_asksForAComment', async () => {
  const errors = await errorsOf(doc('  statement {\n    actions   = ["logs:CreateLogDelivery"]\n    resources = ["*"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /needs a comment within 3 lines above the statement/);
});

test('iam_whenStarResourceIsRequiredAndExplained_accepts', async () => {
  assert.deepEqual(await errorsOf(doc('  # Log delivery actions accept no resource: "*" is required.\n  statement {\n    actions   = ["logs:CreateLogDelivery"]\n    resources = ["*"]\n  }')), []);
});

test('iam_whenCommentIsTooFarAbove_asksForAComment', async () => {
  const errors = await errorsOf(doc('  # Far away.\n\n\n\n  statement {\n    actions   = ["logs:CreateLogDelivery"]\n    resources = ["*"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /needs a comment/);
});

test('iam_whenPutMetricDataHasNoNamespaceCondition_saysAnyNamespace', async () => {
  const errors = await errorsOf(doc('  # PutMetricData accepts no resource.\n  statement {\n    actions   = ["cloudwatch:PutMetricData"]\n    resources = ["*"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /cloudwatch:PutMetricData without a cloudwatch:namespace condition/);
});

test('iam_whenPutMetricDataIsBoundToTheNamespace_accepts', async () => {
  assert.deepEqual(await errorsOf(doc(`  # PutMetricData accepts no resource.
  statement {
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["GitHubRunners"]
    }
  }`)), []);
});

test('iam_whenDynamicStatementIsWrong_checksItToo', async () => {
  const errors = await errorsOf(doc('  dynamic "statement" {\n    for_each = [1]\n    content {\n      actions   = ["xray:*"]\n      resources = ["*"]\n    }\n  }'));
  assert.ok(errors.some((e) => /snippet\.tf:2 .*wildcard action "xray:\*"/.test(e)), JSON.stringify(errors));
});

test('iam_whenNotActionsIsUsed_asksToListActions', async () => {
  const errors = await errorsOf(doc('  statement {\n    not_actions = ["iam:*"]\n    resources   = ["arn:aws:s3:::b"]\n  }'));
  assert.ok(errors.some((e) => /not_actions grants everything else/.test(e)), JSON.stringify(errors));
});

test('iam_whenActionsAreComputed_asksForLiterals', async () => {
  const errors = await errorsOf(doc('  statement {\n    actions   = var.actions\n    resources = ["arn:aws:s3:::b"]\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /actions must be a non-empty list of literal strings/);
});

test('iam_whenKmsStarIsOutsideAKeyPolicy_rejectsIt', async () => {
  const errors = await errorsOf(doc('  # Root admin.\n  statement {\n    actions   = ["kms:*"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::123456789012:root"]\n    }\n  }'));
  assert.ok(errors.some((e) => /wildcard action "kms:\*"/.test(e)), JSON.stringify(errors));
});

const KEY = (statement) => `
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
data "aws_iam_policy_document" "key" {
${statement}
}
`;

test('iam_whenKeyPolicyGivesRootKmsStarWithAComment_accepts', async () => {
  assert.deepEqual(await errorsOf(KEY('  # "*" is this key; root keeps it manageable.\n  statement {\n    actions   = ["kms:*"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::123456789012:root"]\n    }\n  }')), []);
});

test('iam_whenKeyPolicyGivesKmsStarToARole_rejectsIt', async () => {
  const errors = await errorsOf(KEY('  # "*" is this key.\n  statement {\n    actions   = ["kms:*"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::123456789012:role/r"]\n    }\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /wildcard action "kms:\*"/);
});

test('iam_whenKeyPolicyStatementHasNoComment_asksForOne', async () => {
  const errors = await errorsOf(KEY('  statement {\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::123456789012:role/r"]\n    }\n  }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /resource "\*" \(this key, in a key policy\) needs a comment/);
});
