################################################################################
# The job ledger's roles (job_events): each touches only its own secret, table, key and logs
################################################################################

# ReceiveJobEvents: reads the webhook secret, writes jobs by the one write rule (PutItem, and
# UpdateItem for checked_at), writes its logs. It never reads the table.
resource "aws_iam_role" "receive_job_events" {
  count = local.job_events_count

  name                 = local.global_names.receive_job_events_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "ReceiveJobEvents of ${local.name}: reads the webhook secret, records jobs in ${local.job_ledger_table_name}."
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume_role.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "receive_job_events" {
  count = local.job_events_count

  # The complete ARN alone, or the partial one and "-??????" for the suffix it lacks, as the
  # GitHub credentials (locals.tf). resources is a set: a complete ARN given twice is granted once.
  statement {
    sid       = "ReadTheWebhookSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.webhook_secret, local.webhook_secret_is_complete ? local.webhook_secret : "${local.webhook_secret}-??????"]
  }

  dynamic "statement" {
    for_each = local.webhook_secret_kms_key_arn != null ? [local.webhook_secret_kms_key_arn] : []
    content {
      sid       = "DecryptTheSecretThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.webhook_secret_region}.${local.dns_suffix}"]
      }
    }
  }

  statement {
    sid       = "RecordJobs"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [local.job_ledger_table_arn]
  }

  statement {
    sid       = "WriteItsOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:/aws/lambda/${local.receive_job_events_function_name}:*"]
  }
}

resource "aws_iam_role_policy" "receive_job_events" {
  count = local.job_events_count

  name   = "receive-job-events"
  role   = aws_iam_role.receive_job_events[0].id
  policy = data.aws_iam_policy_document.receive_job_events[0].json
}

# RepairJobLedger: reads and writes jobs and the redelivery cursor, queries the open jobs,
# unseals the token GetToken sealed for an execution of the repair state machine.
resource "aws_iam_role" "repair_job_ledger" {
  count = local.job_events_count

  name                 = local.global_names.repair_job_ledger_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "RepairJobLedger of ${local.name}: unseals the token with KMS, reads and writes ${local.job_ledger_table_name}."
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume_role.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "repair_job_ledger" {
  count = local.job_events_count

  source_policy_documents = data.aws_iam_policy_document.vpc_access[*].json

  statement {
    sid       = "ReadAndWriteTheLedger"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [local.job_ledger_table_arn]
  }

  statement {
    sid       = "QueryTheOpenJobs"
    actions   = ["dynamodb:Query"]
    resources = ["${local.job_ledger_table_arn}/index/${local.job_ledger_open_jobs_index}"]
  }

  statement {
    sid       = "UnsealTheTokenForAnExecution"
    actions   = ["kms:Decrypt"]
    resources = [local.token_kms_key_arn]

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = [local.repair_execution_arn_pattern]
    }
  }

  statement {
    sid       = "WriteItsOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:/aws/lambda/${local.repair_job_ledger_function_name}:*"]
  }
}

resource "aws_iam_role_policy" "repair_job_ledger" {
  count = local.job_events_count

  name   = "repair-job-ledger"
  role   = aws_iam_role.repair_job_ledger[0].id
  policy = data.aws_iam_policy_document.repair_job_ledger[0].json
}

# The repair state machine: invokes GetToken and RepairJobLedger, puts the repairs' datapoints,
# delivers its logs. It trusts Step Functions for this state machine only.
data "aws_iam_policy_document" "repair_state_machine_assume_role" {
  count = local.job_events_count

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.repair_state_machine_arn]
    }
  }
}

resource "aws_iam_role" "repair_state_machine" {
  count = local.job_events_count

  name                 = local.global_names.repair_state_machine_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "Repair state machine of ${local.name}: invokes GetToken and RepairJobLedger, puts the repairs' datapoints in ${var.metric_namespace}."
  assume_role_policy   = data.aws_iam_policy_document.repair_state_machine_assume_role[0].json
  tags                 = var.tags
}

# Deliberate scanner finding: "*" only for actions that take no other resource (PutMetricData,
# bound to the namespace by a condition; log delivery; X-Ray), as the main state machine's.
#trivy:ignore:AVD-AWS-0057
#tfsec:ignore:aws-iam-no-policy-wildcards
data "aws_iam_policy_document" "repair_state_machine" {
  count = local.job_events_count

  statement {
    sid     = "InvokeGetTokenAndTheRepairs"
    actions = ["lambda:InvokeFunction"]
    resources = [
      local.get_token_function_arn,
      "${local.get_token_function_arn}:*",
      local.repair_job_ledger_function_arn,
      "${local.repair_job_ledger_function_arn}:*",
    ]
  }

  # cloudwatch:PutMetricData has no resource type: IAM accepts only "*" for it. The
  # cloudwatch:namespace condition is what confines it to this module's namespace.
  statement {
    sid       = "PutMetricsInItsNamespaceOnly"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace]
    }
  }

  # Vended log delivery's actions support no resource-level permissions: "*" is the only resource.
  statement {
    sid = "DeliverItsLogs"
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }

  # X-Ray's segment and sampling actions accept no other resource; only with tracing_enabled.
  dynamic "statement" {
    for_each = var.tracing_enabled ? [true] : []
    content {
      sid = "SendTraces"
      actions = [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
      ]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "repair_state_machine" {
  count = local.job_events_count

  name   = "repair-state-machine"
  role   = aws_iam_role.repair_state_machine[0].id
  policy = data.aws_iam_policy_document.repair_state_machine[0].json
}
