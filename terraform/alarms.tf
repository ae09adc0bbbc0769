################################################################################
# Where alarms go
################################################################################

# Unencrypted unless sns_kms_key_arn is given: CloudWatch alarms can publish only to topics
# whose key policy lets cloudwatch.amazonaws.com use the key, which rules out the AWS managed
# alias/aws/sns; the notifications carry alarm names, states and reasons, no secrets.
#trivy:ignore:AVD-AWS-0095
#tfsec:ignore:aws-sns-enable-topic-encryption
resource "aws_sns_topic" "alarms" {
  #checkov:skip=CKV_AWS_26:encrypted with sns_kms_key_arn when given; CloudWatch cannot publish under alias/aws/sns, and notifications hold no secret
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

  # The registration gap must last registration_gap_minutes, in whole schedule intervals.
  registration_gap_periods = ceil(var.registration_gap_minutes / local.schedule_minutes)

  # Per pool alarm names: <name>-<what> for one pool (as before pools), <name>-<what>-<pool> for
  # several, cut with a hash of the pool's name where CloudWatch's 255 characters would not hold it.
  pool_alarm_names = {
    for what in ["no-datapoints", "registration-gap", "no-group-metrics", "job-wait", "scale-from-zero"] : what => {
      for pool in keys(local.pools) : pool => (length(local.pools) == 1
        ? "${local.name}-${what}"
        : (length("${local.name}-${what}-${pool}") <= 255
          ? "${local.name}-${what}-${pool}"
        : "${substr("${local.name}-${what}-${pool}", 0, 246)}-${substr(sha256(pool), 0, 8)}")
      )
    }
  }
}

################################################################################
# 1. Executions fail
################################################################################

# alert_strategy picks one of two alarms on the same executions: a rate over 15 runs (threshold),
# or any failure in one run (immediate, the original module's other strategy).
locals {
  failure_alarm = {
    threshold = {
      name        = "${local.name}-failure-rate"
      description = "At least ${var.error_rate_threshold} % of the executions of ${local.name} started over ${local.failure_rate_runs} runs (${local.failure_rate_period / 60} minutes) failed, timed out or were aborted. Read the state machine's failed executions for the error name."
      threshold   = var.error_rate_threshold
      period      = local.failure_rate_period
      id          = "failure_rate"
      label       = "Failed, timed out or aborted executions (%)"
      expression  = "IF(FILL(started, 0) > 0, 100 * (FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)) / FILL(started, 0), 0)"
      metrics     = { started = "ExecutionsStarted", failed = "ExecutionsFailed", timed_out = "ExecutionsTimedOut", aborted = "ExecutionsAborted" }
    }
    immediate = {
      name        = "${local.name}-failed-executions"
      description = "An execution of ${local.name} failed, timed out or was aborted in the last ${local.schedule_minutes} minute(s) (alert_strategy = immediate). Read the state machine's failed executions for the error name."
      threshold   = 1
      period      = local.schedule_seconds
      id          = "failures"
      label       = "Failed, timed out or aborted executions"
      expression  = "FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)"
      metrics     = { failed = "ExecutionsFailed", timed_out = "ExecutionsTimedOut", aborted = "ExecutionsAborted" }
    }
  }[var.alert_strategy]
}

resource "aws_cloudwatch_metric_alarm" "failure_rate" {
  alarm_name          = local.failure_alarm.name
  alarm_description   = local.failure_alarm.description
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = local.failure_alarm.threshold
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  # No executions at all is the freshness alarm's business, not this one's.
  treat_missing_data = "notBreaching"

  metric_query {
    id          = local.failure_alarm.id
    label       = local.failure_alarm.label
    expression  = local.failure_alarm.expression
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.failure_alarm.metrics
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = "AWS/States"
        metric_name = metric_query.value
        dimensions  = { StateMachineArn = aws_sfn_state_machine.this.arn }
        stat        = "Sum"
        period      = local.failure_alarm.period
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
  for_each = local.pools

  alarm_name          = local.pool_alarm_names["no-datapoints"][each.key]
  alarm_description   = "No IdleRunners datapoint for ${each.key} in ${local.freshness_periods} runs (${local.freshness_periods * local.schedule_minutes} minutes): the schedule is stopped, a permission is broken, a function is gone or GitHub is unreachable, and Auto Scaling of ${each.key} is acting on stale data."
  namespace           = var.metric_namespace
  metric_name         = local.metric_names.idle
  dimensions          = { (local.pool_dimension) = each.key }
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

################################################################################
# 4. The GitHub API budget runs low (listings would soon fail with a rate limit)
################################################################################

resource "aws_cloudwatch_metric_alarm" "github_api_budget" {
  alarm_name          = "${local.name}-github-api-budget"
  alarm_description   = "The GitHub credentials of ${local.name} have less than ${var.github_api_budget_threshold} % of their hourly rate limit left (GitHubApiRemaining / GitHubApiLimit, from GitHub's x-ratelimit-* headers): listings will fail with RateLimitExhaustedException once it is spent. Something else uses the same credentials, or the fleet outgrew them; see the README's GitHub API requests per hour."
  comparison_operator = "LessThanThreshold"
  threshold           = var.github_api_budget_threshold
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  # No datapoints: no headers (GitHub Enterprise Server with rate limits off) or no runs, which
  # the freshness alarms report.
  treat_missing_data = "notBreaching"

  metric_query {
    id          = "remaining_percent"
    label       = "GitHub API budget left (%)"
    expression  = "100 * remaining / limit"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = {
      remaining = { metric = local.metric_names.api_remaining, stat = "Minimum" }
      limit     = { metric = local.metric_names.api_limit, stat = "Maximum" }
    }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = var.metric_namespace
        metric_name = metric_query.value.metric
        dimensions  = { (local.deployment_dimension.name) = local.deployment_dimension.value }
        stat        = metric_query.value.stat
        period      = local.schedule_seconds
      }
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}

################################################################################
# 5. Instances in service whose runners are not online (per pool)
################################################################################

resource "aws_cloudwatch_metric_alarm" "registration_gap" {
  for_each = var.registration_gap_alarm ? local.pools : {}

  alarm_name          = local.pool_alarm_names["registration-gap"][each.key]
  alarm_description   = "The Auto Scaling group ${each.key} has had more instances in service than online runners labelled ${each.value.label} (GroupInServiceInstances - (BusyRunners + IdleRunners) > 0) for ${local.registration_gap_periods * local.schedule_minutes} minutes: runners that failed to register (user data, token, network) or died while the group pays for their instances. Assumes one runner per instance."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = local.registration_gap_periods
  datapoints_to_alarm = local.registration_gap_periods
  # Without GroupInServiceInstances (group metrics off) or runner counts (the freshness alarm's
  # business) there is nothing to compare.
  treat_missing_data = "notBreaching"

  metric_query {
    id          = "gap"
    label       = "Instances in service without an online runner"
    expression  = "in_service - (busy + idle)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = {
      in_service = { namespace = "AWS/AutoScaling", metric = "GroupInServiceInstances", dimensions = { AutoScalingGroupName = each.key }, stat = "Minimum" }
      busy       = { namespace = var.metric_namespace, metric = local.metric_names.busy, dimensions = { (local.pool_dimension) = each.key }, stat = "Maximum" }
      idle       = { namespace = var.metric_namespace, metric = local.metric_names.idle, dimensions = { (local.pool_dimension) = each.key }, stat = "Maximum" }
    }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = metric_query.value.namespace
        metric_name = metric_query.value.metric
        dimensions  = metric_query.value.dimensions
        stat        = metric_query.value.stat
        period      = local.schedule_seconds
      }
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}
