################################################################################
# Where alarms go
################################################################################

# Unencrypted unless sns_kms_key_arn is given: CloudWatch alarms can publish only to topics
# whose key policy lets cloudwatch.amazonaws.com use the key, which rules out the AWS managed
# alias/aws/sns; the notifications carry alarm names, states and reasons, no secrets.
resource "aws_sns_topic" "alarms" {
  count = length(var.alarm_emails) > 0 ? 1 : 0

  name              = "${local.name}-alarms"
  kms_master_key_id = var.sns_kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = each.value
}

locals {
  alarm_actions = concat(aws_sns_topic.alarms[*].arn, var.alarm_topic_arns)

  # Periods follow the schedule's interval. A period of 15 runs holds 15 executions, so one
  # failure is 6.7 % and the threshold is a real percentage (over one run it would be 0 % or
  # 100 %). At most 15 x 60 minutes = 54,000 s, within CloudWatch's one-day limit.
  failure_rate_runs   = 15
  failure_rate_period = local.failure_rate_runs * local.schedule_seconds

  # The freshness alarm looks at each interval (one datapoint expected in each) and fires after
  # 5 empty ones: 5 minutes at one run a minute, 5 hours at one an hour.
  freshness_periods = 5
}

################################################################################
# 1. Executions fail
################################################################################

resource "aws_cloudwatch_metric_alarm" "failure_rate" {
  alarm_name          = "${local.name}-failure-rate"
  alarm_description   = "At least ${var.error_rate_threshold} % of the executions of ${local.name} started over ${local.failure_rate_runs} runs (${local.failure_rate_period / 60} minutes) failed, timed out or were aborted. Read the state machine's failed executions for the error name."
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.error_rate_threshold
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  # No executions at all is the freshness alarm's business, not this one's.
  treat_missing_data = "notBreaching"

  metric_query {
    id          = "failure_rate"
    label       = "Failed, timed out or aborted executions (%)"
    expression  = "IF(FILL(started, 0) > 0, 100 * (FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)) / FILL(started, 0), 0)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = {
      started   = "ExecutionsStarted"
      failed    = "ExecutionsFailed"
      timed_out = "ExecutionsTimedOut"
      aborted   = "ExecutionsAborted"
    }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = "AWS/States"
        metric_name = metric_query.value
        dimensions  = { StateMachineArn = aws_sfn_state_machine.this.arn }
        stat        = "Sum"
        period      = local.failure_rate_period
      }
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}

################################################################################
# 2. Datapoints stop arriving (Auto Scaling would silently freeze)
################################################################################

resource "aws_cloudwatch_metric_alarm" "freshness" {
  alarm_name          = "${local.name}-no-datapoints"
  alarm_description   = "No IdleRunners datapoint for ${var.asg_name} in ${local.freshness_periods} runs (${local.freshness_periods * local.schedule_minutes} minutes): the schedule is stopped, a permission is broken, a function is gone or GitHub is unreachable, and Auto Scaling of ${var.asg_name} is acting on stale data."
  namespace           = var.metric_namespace
  metric_name         = local.metric_names.idle
  dimensions          = { asg_name = var.asg_name }
  statistic           = "SampleCount"
  period              = local.schedule_seconds
  evaluation_periods  = local.freshness_periods
  datapoints_to_alarm = local.freshness_periods
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  # A missing datapoint is exactly what this alarm is about.
  treat_missing_data = "breaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}

################################################################################
# 3. Scheduler could not start executions
################################################################################

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name        = "${local.name}-dead-letters"
  alarm_description = "EventBridge Scheduler could not start ${local.name} and dead-lettered the start: read the messages in ${local.dead_letter_queue_name} (their attributes hold the error)."
  # Messages arriving, not messages present: a message stays visible for up to 14 days, so an
  # alarm on ApproximateNumberOfMessagesVisible would stay in ALARM after one failure and never
  # notify of the next. Scheduler sends its dead letters itself (sqs:SendMessage), which
  # NumberOfMessagesSent counts; SQS documents that it leaves out only messages that SQS's own
  # redrive moves into a dead-letter queue.
  namespace           = "AWS/SQS"
  metric_name         = "NumberOfMessagesSent"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags

  lifecycle {
    # The alarms are the module's only way to say something is wrong: somebody must get them.
    # Checked here because a variable's validation cannot see another variable before 1.9.
    precondition {
      condition     = length(var.alarm_emails) + length(var.alarm_topic_arns) > 0
      error_message = "Give alarm_emails, alarm_topic_arns or both: an alarm nobody receives is no alarm."
    }
  }
}
