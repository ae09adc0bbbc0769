################################################################################
# Once a minute, start the state machine
################################################################################

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${local.name}-schedule-dlq"
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600 # 14 days, SQS's longest: time to read why starts failed
  tags                      = var.tags
}

data "aws_iam_policy_document" "dead_letter_queue" {
  statement {
    sid       = "OnlyTheSchedulerRoleSends"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.scheduler.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter_queue.json
}

resource "aws_scheduler_schedule" "this" {
  name                = local.name
  description         = "Starts ${local.name}, which records BusyRunners and IdleRunners of ${var.asg_name}."
  schedule_expression = var.schedule_expression

  flexible_time_window {
    mode = "OFF"
  }

  target {
    # Step Functions is a templated target: the state machine ARN itself, no universal
    # aws-sdk target needed. The state machine reads the execution ARN from its context.
    arn      = aws_sfn_state_machine.this.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({})

    # A start delayed by more than a minute would overlap the next one and record a stale
    # datapoint: give up after 60 s (Scheduler's minimum) and two retries.
    retry_policy {
      maximum_event_age_in_seconds = 60
      maximum_retry_attempts       = 2
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler]
}
