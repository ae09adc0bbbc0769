// Least-privilege rules for every `data "aws_iam_policy_document"` block.
import { blocksOf } from './structure.mjs';

/**
 * Actions that support no resource-level permissions, so that IAM accepts only "*" as their
 * resource. A statement may use resource "*" only if all of its actions are here.
 */
export const STAR_RESOURCE_ACTIONS = new Set([
  'cloudwatch:PutMetricData',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
]);

/** How many lines above a statement its justifying comment may start. */
export const JUSTIFICATION_LINES = 3;

/**
 * Checks the policy documents of one parsed file.
 * @param file a parsed file ({path, source, json, items})
 * @param keyPolicies names of the documents used as a KMS key policy (there "*" is the key)
 * @returns {{errors: string[], documents: number, statements: number}}
 */
export function checkPolicyDocuments(file, keyPolicies, where) {
  const errors = [];
  let documents = 0;
  let statements = 0;
  const lines = file.source.split('\n');
  const jsonDocs = file.json.data?.aws_iam_policy_document ?? {};

  for (const block of blocksOf(file.items, 'data', 'aws_iam_policy_document')) {
    const name = block.labels[1];
    const doc = jsonDocs[name]?.[0];
    if (!doc) {
      errors.push(`${where}:${block.line} data.aws_iam_policy_document.${name}: not found in the parser's output`);
      continue;
    }
    documents++;
    const isKeyPolicy = keyPolicies.has(name);
    const pairs = [];
    const staticBlocks = blocksOf(block.body, 'statement');
    const staticJson = doc.statement ?? [];
    staticBlocks.forEach((b, i) => pairs.push([b, staticJson[i]]));
    const dynamicBlocks = blocksOf(block.body, 'dynamic', 'statement');
    const dynamicJson = doc.dynamic?.statement ?? [];
    dynamicBlocks.forEach((b, i) => pairs.push([b, dynamicJson[i]?.content?.[0]]));

    for (const [b, statement] of pairs) {
      statements++;
      const label = `${where}:${b.line} data.aws_iam_policy_document.${name} statement${statement?.sid ? ` "${statement.sid}"` : ''}`;
      if (!statement) {
        errors.push(`${label}: not found in the parser's output`);
        continue;
      }
      checkStatement(statement, label, isKeyPolicy, justified(lines, b.line), errors);
    }
  }
  return { errors, documents, statements };
}

function justified(lines, line) {
  for (let l = Math.max(1, line - JUSTIFICATION_LINES); l < line; l++) {
    const text = lines[l - 1].trim();
    if (text.startsWith('#') || text.startsWith('//')) return true;
  }
  return false;
}

function checkStatement(statement, label, isKeyPolicy, hasComment, errors) {
  if (statement.not_actions !== undefined) errors.push(`${label}: not_actions grants everything else: list the actions`);
  if (statement.not_resources !== undefined) errors.push(`${label}: not_resources grants everything else: list the resources`);
  if ((statement.effect ?? 'Allow') !== 'Allow') return; // a Deny only takes away

  const actions = statement.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every(isLiteral)) {
    errors.push(`${label}: actions must be a non-empty list of literal strings, so that they can be reviewed here`);
    return;
  }
  const isRoot = (statement.principals ?? []).some((p) =>
    p.type === 'AWS' && Array.isArray(p.identifiers) && p.identifiers.length > 0 && p.identifiers.every((id) => /:root$/.test(String(id))));

  for (const action of actions) {
    if (action === '*') {
      errors.push(`${label}: action "*" grants every action of every service`);
    } else if (action.includes('*') || action.includes('?')) {
      const rootKeyAdmin = isKeyPolicy && isRoot && action === 'kms:*';
      if (!rootKeyAdmin) {
        errors.push(`${label}: wildcard action "${action}": list the actions (only a key policy's account-root statement may use kms:*)`);
      } else if (!hasComment) {
        errors.push(`${label}: kms:* for the account root needs a comment just above the statement saying why`);
      }
    }
  }

  const resources = statement.resources;
  const isTrust = actions.every((a) => a.startsWith('sts:AssumeRole') || a === 'sts:TagSession');
  if (resources === undefined) {
    if (!isTrust && !isKeyPolicy && !statement.principals) {
      errors.push(`${label}: no resources: name the resources this statement applies to`);
    }
  } else if (!Array.isArray(resources) || resources.length === 0) {
    errors.push(`${label}: resources must be a non-empty list, so that a "*" can be seen here`);
  } else if (resources.includes('*')) {
    if (isKeyPolicy) {
      if (!hasComment) errors.push(`${label}: resource "*" (this key, in a key policy) needs a comment just above the statement saying so`);
    } else {
      const others = actions.filter((a) => !STAR_RESOURCE_ACTIONS.has(a));
      if (others.length > 0) {
        errors.push(`${label}: resource "*" with ${others.join(', ')}, which accept(s) specific resources: name them`);
      } else if (!hasComment) {
        errors.push(`${label}: resource "*" needs a comment within ${JUSTIFICATION_LINES} lines above the statement saying why AWS requires it`);
      }
    }
  }

  if (actions.includes('cloudwatch:PutMetricData')) {
    const bound = (statement.condition ?? []).some((c) =>
      c.variable === 'cloudwatch:namespace' && (c.test === 'StringEquals' || c.test === 'StringLike') && Array.isArray(c.values) && c.values.length > 0);
    if (!bound) errors.push(`${label}: cloudwatch:PutMetricData without a cloudwatch:namespace condition may write any namespace`);
  }
}

function isLiteral(value) {
  return typeof value === 'string' && !value.includes('${');
}

/**
 * Names of the policy documents used as `policy` of an aws_kms_key in the given parsed files.
 */
export function keyPolicyNames(files) {
  const names = new Set();
  for (const file of files) {
    const keys = file.json.resource?.aws_kms_key ?? {};
    for (const instances of Object.values(keys)) {
      for (const key of instances) {
        const m = /data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)/.exec(String(key.policy ?? ''));
        if (m) names.add(m[1]);
      }
    }
  }
  return names;
}
