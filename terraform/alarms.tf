################################################################################
# Where alarms go
################################################################################

# Unencrypted unless sns_kms_key_arn is given: CloudWatch alarms can publish only to topics
# whose key policy lets cloudwatch.amazonaws.com use the key, which rules out the AWS managed
# alias/aws/sns; the notifications carry alarm names, states and reasons, no secrets.
resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = var.sns_kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

locals {
  alarm_actions = [aws_sns_topic.alarms.arn]

  # At one run a minute a 15-minute period holds 15 executions, so one failure is 6.7 % and
  # the threshold is a real percentage (over a 1-minute period it would be 0 % or 100 %).
  failure_rate_period = 900
}

################################################################################
# 1. Executions fail
################################################################################

resource "aws_cloudwatch_metric_alarm" "failure_rate" {
  alarm_name          = "${local.name}-failure-rate"
  alarm_description   = "At least ${var.error_rate_threshold} % of the executions of ${local.name} started in 15 minutes failed, timed out or were aborted. Read the state machine's failed executions for the error name."
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
  alarm_description   = "No IdleRunners datapoint for ${var.asg_name} in 5 minutes: the schedule is stopped, a permission is broken, a function is gone or GitHub is unreachable, and Auto Scaling of ${var.asg_name} is acting on stale data."
  namespace           = var.metric_namespace
  metric_name         = local.metric_names.idle
  dimensions          = { asg_name = var.asg_name }
  statistic           = "SampleCount"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 5
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
  alarm_name          = "${local.name}-dead-letters"
  alarm_description   = "EventBridge Scheduler could not start ${local.name} and dead-lettered the start: read the messages in ${aws_sqs_queue.dead_letter.name} (their attributes hold the error)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}
