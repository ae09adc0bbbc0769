################################################################################
# Lambda functions: one role each, touching only its own secret, key and log group
################################################################################

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
  name               = "${local.name}-get-token"
  description        = "GetToken of ${local.name}: reads the GitHub credentials secret, seals the token with KMS."
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "get_token" {
  statement {
    sid       = "ReadTheGitHubCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.github_credentials.secret]
  }

  dynamic "statement" {
    for_each = var.github_credentials_kms_key_arn != null ? [var.github_credentials_kms_key_arn] : []
    content {
      sid       = "DecryptTheSecretThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
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
      values   = [local.execution_arn_pattern]
    }
  }

  statement {
    sid       = "WriteItsOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.get_token.arn}:*"]
  }
}

resource "aws_iam_role_policy" "get_token" {
  name   = "get-token"
  role   = aws_iam_role.get_token.id
  policy = data.aws_iam_policy_document.get_token.json
}

resource "aws_iam_role" "list_runners" {
  name               = "${local.name}-list-runners"
  description        = "ListRunners of ${local.name}: unseals the token with KMS."
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "list_runners" {
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
    resources = ["${aws_cloudwatch_log_group.list_runners.arn}:*"]
  }
}

resource "aws_iam_role_policy" "list_runners" {
  name   = "list-runners"
  role   = aws_iam_role.list_runners.id
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
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.state_machine_arn]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  name               = "${local.name}-state-machine"
  description        = "State machine of ${local.name}: invokes GetToken and ListRunners, puts BusyRunners and IdleRunners."
  assume_role_policy = data.aws_iam_policy_document.state_machine_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "state_machine" {
  statement {
    sid     = "InvokeTheTwoFunctions"
    actions = ["lambda:InvokeFunction"]
    resources = [
      aws_lambda_function.get_token.arn,
      "${aws_lambda_function.get_token.arn}:*",
      aws_lambda_function.list_runners.arn,
      "${aws_lambda_function.list_runners.arn}:*",
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
  name   = "state-machine"
  role   = aws_iam_role.state_machine.id
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

    # Scheduler documents the schedule group's ARN as the source; the schedule's own ARN is
    # accepted too, so that the role stays confined to this account's default group either way.
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values = [
        "arn:${local.partition}:scheduler:${local.region}:${local.account_id}:schedule-group/default",
        "arn:${local.partition}:scheduler:${local.region}:${local.account_id}:schedule/default/${local.name}",
      ]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${local.name}-scheduler"
  description        = "Schedule of ${local.name}: starts the state machine, dead-letters undelivered starts."
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "StartThisStateMachine"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.this.arn]
  }

  # EventBridge Scheduler sends to the dead-letter queue with the schedule's own role.
  statement {
    sid       = "DeadLetterUndeliveredStarts"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "scheduler"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}
