################################################################################
# Lambda functions: one role each, touching only its own secret, key and log group
################################################################################

locals {
  # existing_roles: a role given is used, and neither created nor given policies here.
  create_roles = { for role, given in var.existing_roles : role => given == null }
  # The roles in use, for the functions, the state machine and the schedule.
  role_arn = {
    get_token     = local.create_roles.get_token ? aws_iam_role.get_token[0].arn : var.existing_roles.get_token.arn
    list_runners  = local.create_roles.list_runners ? aws_iam_role.list_runners[0].arn : var.existing_roles.list_runners.arn
    state_machine = local.create_roles.state_machine ? aws_iam_role.state_machine[0].arn : var.existing_roles.state_machine.arn
    scheduler     = local.create_roles.scheduler ? aws_iam_role.scheduler[0].arn : var.existing_roles.scheduler.arn
  }

  # What Lambda does with a VPC-attached function's role (AWS Lambda Developer Guide,
  # "Giving Lambda functions access to resources in an Amazon VPC", required permissions): it
  # creates, attaches and deletes network interfaces in the function's subnets and security
  # groups. AWS's managed policy for it grants "*"; here the interfaces are scoped to this account
  # and region, the subnets and security groups to the ones in vpc_config. Their account is left
  # open: in a shared VPC the subnets (and shared security groups) belong to the VPC's owner.
  ec2_arn_prefix = "${local.arn_prefix}:ec2:${local.region}:${local.account_id}"
  vpc_network_arns = var.vpc_config == null ? [] : concat(
    [for id in var.vpc_config.subnet_ids : "${local.arn_prefix}:ec2:${local.region}:*:subnet/${id}"],
    [for id in var.vpc_config.security_group_ids : "${local.arn_prefix}:ec2:${local.region}:*:security-group/${id}"],
  )
}

# Both functions' network-interface permissions, only with vpc_config.
# Deliberate scanner finding: "*" only for the two Describe actions, which take no other resource.
#trivy:ignore:AVD-AWS-0057
#tfsec:ignore:aws-iam-no-policy-wildcards
data "aws_iam_policy_document" "vpc_access" {
  count = var.vpc_config != null ? 1 : 0

  statement {
    sid = "ManageItsNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["${local.ec2_arn_prefix}:network-interface/*"]
  }

  # CreateNetworkInterface is authorized against the subnet and the security groups too: one
  # statement for each of those in vpc_config.
  dynamic "statement" {
    for_each = local.vpc_network_arns
    content {
      sid       = "CreateThemInTheConfiguredNetwork${statement.key}"
      actions   = ["ec2:CreateNetworkInterface"]
      resources = [statement.value]
    }
  }

  # ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets support no resource-level
  # permissions: "*" is the only resource they accept.
  statement {
    sid       = "DescribeItsNetwork"
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "lambda_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "get_token" {
  count = local.create_roles.get_token ? 1 : 0

  name                 = local.global_names.get_token_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "GetToken of ${local.name}: reads the GitHub credentials secret, seals the token with KMS."
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume_role.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "get_token" {
  source_policy_documents = data.aws_iam_policy_document.vpc_access[*].json

  # The complete ARN alone, or the partial one and "-??????" for the suffix it lacks (see
  # locals.tf). resources is a set: a complete ARN given twice is granted once.
  statement {
    sid       = "ReadTheGitHubCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.github_credentials.secret, local.secret_arn_is_complete ? var.github_credentials.secret : "${var.github_credentials.secret}-??????"]
  }

  dynamic "statement" {
    for_each = var.github_credentials_kms_key_arn != null ? [var.github_credentials_kms_key_arn] : []
    content {
      sid       = "DecryptTheSecretThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      # Secrets Manager of the secret's own region, in this partition (its DNS suffix).
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.secret_region}.${local.dns_suffix}"]
      }
    }
  }

  statement {
    sid       = "SealTheTokenForAnExecution"
    actions   = ["kms:Encrypt"]
    resources = [local.token_kms_key_arn]

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = local.token_execution_arn_patterns
    }
  }

  statement {
    sid       = "WriteItsOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:/aws/lambda/${local.get_token_function_name}:*"]
  }
}

resource "aws_iam_role_policy" "get_token" {
  count = local.create_roles.get_token ? 1 : 0

  name   = "get-token"
  role   = aws_iam_role.get_token[0].id
  policy = data.aws_iam_policy_document.get_token.json
}

resource "aws_iam_role" "list_runners" {
  count = local.create_roles.list_runners ? 1 : 0

  name                 = local.global_names.list_runners_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "ListRunners of ${local.name}: unseals the token with KMS."
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume_role.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "list_runners" {
  source_policy_documents = data.aws_iam_policy_document.vpc_access[*].json

  statement {
    sid       = "UnsealTheTokenForAnExecution"
    actions   = ["kms:Decrypt"]
    resources = [local.token_kms_key_arn]

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:execution_arn"
      values   = [local.execution_arn_pattern]
    }
  }

  statement {
    sid       = "WriteItsOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:/aws/lambda/${local.list_runners_function_name}:*"]
  }

  # With job_events (issue 20): the queued and running jobs from the ledger's open-jobs index, the
  # jobs started in the last 15 minutes from its job-starts index (their waits), and
  # ListRunners' own cursor item, cursor#demand (which jobs' waits were published, read and
  # written whole: functions/job-events/README.md). It never writes a job: only the receiver and
  # the repairs do, by the one write rule.
  dynamic "statement" {
    for_each = local.job_events_enabled ? [true] : []
    content {
      sid       = "ReadTheOpenJobs"
      actions   = ["dynamodb:Query"]
      resources = [local.job_ledger_open_jobs_index_arn, local.job_ledger_job_starts_index_arn]
    }
  }

  dynamic "statement" {
    for_each = local.job_events_enabled ? [true] : []
    content {
      sid       = "KeepItsCursor"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      resources = [local.job_ledger_table_arn]

      # Only its cursor item, never a job's (pk job#<id>) nor the repairs' cursor: DynamoDB's
      # partition key condition key ("Using IAM policy conditions for fine-grained access control").
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "dynamodb:LeadingKeys"
        values   = ["cursor#demand"]
      }
    }
  }
}

resource "aws_iam_role_policy" "list_runners" {
  count = local.create_roles.list_runners ? 1 : 0

  name   = "list-runners"
  role   = aws_iam_role.list_runners[0].id
  policy = data.aws_iam_policy_document.list_runners.json
}

################################################################################
# State machine: invokes the two functions, puts the two metrics, delivers its logs
################################################################################

data "aws_iam_policy_document" "state_machine_assume_role" {
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
      values   = [local.state_machine_arn]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  count = local.create_roles.state_machine ? 1 : 0

  name                 = local.global_names.state_machine_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "State machine of ${local.name}: invokes GetToken and ListRunners, puts ${local.metric_names.busy}, ${local.metric_names.idle}, ${local.metric_names.offline} and ${local.metric_names.uncertainty} per pool, ${local.metric_names.api_remaining} and ${local.metric_names.api_limit} in ${var.metric_namespace}."
  assume_role_policy   = data.aws_iam_policy_document.state_machine_assume_role.json
  tags                 = var.tags
}

# Deliberate scanner finding: "*" only for actions that take no other resource (PutMetricData,
# bound to the namespace by a condition; log delivery; X-Ray), each said below.
#trivy:ignore:AVD-AWS-0057
#tfsec:ignore:aws-iam-no-policy-wildcards
data "aws_iam_policy_document" "state_machine" {
  statement {
    sid     = "InvokeTheTwoFunctions"
    actions = ["lambda:InvokeFunction"]
    resources = [
      local.get_token_function_arn,
      "${local.get_token_function_arn}:*",
      local.list_runners_function_arn,
      "${local.list_runners_function_arn}:*",
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

  # Step Functions delivers logs through CloudWatch Logs' vended log delivery, whose actions
  # support no resource-level permissions: AWS documents "*" as the only resource for them.
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

  # X-Ray's segment and sampling actions support no resource-level permissions: "*" is the
  # only resource they accept. Granted only when tracing is enabled.
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

resource "aws_iam_role_policy" "state_machine" {
  count = local.create_roles.state_machine ? 1 : 0

  name   = "state-machine"
  role   = aws_iam_role.state_machine[0].id
  policy = data.aws_iam_policy_document.state_machine.json
}

################################################################################
# Scheduler: starts this state machine, dead-letters what it could not deliver
################################################################################

data "aws_iam_policy_document" "scheduler_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    # Scoped to this module's own schedule group, as AWS recommends: the schedule group is the
    # source Scheduler names, not the schedule (EventBridge Scheduler User Guide, "Confused
    # deputy prevention": https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html).
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.schedule_group_arn]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  count = local.create_roles.scheduler ? 1 : 0

  name                 = local.global_names.scheduler_role
  path                 = var.iam_path
  permissions_boundary = var.permissions_boundary
  description          = "Schedule of ${local.name}: starts the state machine, dead-letters undelivered starts."
  assume_role_policy   = data.aws_iam_policy_document.scheduler_assume_role.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "StartThisStateMachine"
    actions   = ["states:StartExecution"]
    resources = [local.state_machine_arn]
  }

  # With job_events, the repair state machine on the same schedule.
  dynamic "statement" {
    for_each = local.job_events_enabled ? [local.repair_state_machine_arn] : []
    content {
      sid       = "StartTheRepairStateMachine"
      actions   = ["states:StartExecution"]
      resources = [statement.value]
    }
  }

  # EventBridge Scheduler sends to the dead-letter queue with the schedule's own role.
  statement {
    sid       = "DeadLetterUndeliveredStarts"
    actions   = ["sqs:SendMessage"]
    resources = [local.dead_letter_queue_arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  count = local.create_roles.scheduler ? 1 : 0

  name   = "scheduler"
  role   = aws_iam_role.scheduler[0].id
  policy = data.aws_iam_policy_document.scheduler.json
}

# Before existing_roles the roles and their policies had no count.
moved {
  from = aws_iam_role.get_token
  to   = aws_iam_role.get_token[0]
}

moved {
  from = aws_iam_role_policy.get_token
  to   = aws_iam_role_policy.get_token[0]
}

moved {
  from = aws_iam_role.list_runners
  to   = aws_iam_role.list_runners[0]
}

moved {
  from = aws_iam_role_policy.list_runners
  to   = aws_iam_role_policy.list_runners[0]
}

moved {
  from = aws_iam_role.state_machine
  to   = aws_iam_role.state_machine[0]
}

moved {
  from = aws_iam_role_policy.state_machine
  to   = aws_iam_role_policy.state_machine[0]
}

moved {
  from = aws_iam_role.scheduler
  to   = aws_iam_role.scheduler[0]
}

moved {
  from = aws_iam_role_policy.scheduler
  to   = aws_iam_role_policy.scheduler[0]
}
