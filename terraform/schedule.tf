################################################################################
# On the schedule (once a minute by default), start the state machine
################################################################################

resource "aws_sqs_queue" "dead_letter" {
  name                      = local.dead_letter_queue_name
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600 # 14 days, SQS's longest: time to read why starts failed
  tags                      = var.tags
}

data "aws_iam_policy_document" "dead_letter_queue" {
  statement {
    sid       = "OnlyTheSchedulerRoleSends"
    actions   = ["sqs:SendMessage"]
    resources = [local.dead_letter_queue_arn]

    principals {
      type        = "AWS"
      identifiers = [local.role_arns.scheduler_role]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter_queue.json

  # The principal's ARN is built from its name: the role must exist first.
  depends_on = [aws_iam_role.scheduler]
}

# The module's own group: the scheduler role trusts only schedules of this group.
resource "aws_scheduler_schedule_group" "this" {
  name = local.name
  tags = var.tags
}

resource "aws_scheduler_schedule" "this" {
  name                = local.name
  group_name          = aws_scheduler_schedule_group.this.name
  description         = "Starts ${local.name}, which records the runners of ${length(local.pools) == 1 ? keys(local.pools)[0] : "${length(local.pools)} pools"}."
  schedule_expression = var.schedule_expression
  state               = var.schedule_state

  flexible_time_window {
    mode = "OFF"
  }

  target {
    # Step Functions is a templated target: the state machine ARN itself, no universal
    # aws-sdk target needed. The state machine reads the execution ARN from its context.
    arn      = aws_sfn_state_machine.this.arn
    role_arn = local.role_arn.scheduler
    input    = jsonencode({})

    # A start delayed past the next one would record a stale datapoint: give up after one
    # interval (Scheduler's minimum is 60 s) and two retries.
    retry_policy {
      maximum_event_age_in_seconds = local.schedule_seconds
      maximum_retry_attempts       = 2
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler]
}
