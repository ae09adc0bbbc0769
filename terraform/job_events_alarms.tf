################################################################################
# The job ledger's alarms (job_events): the receiver fails, signatures are rejected, the
# repairs fail. They notify alarm_actions like the module's others.
################################################################################

# Errors are invocations that failed (an exception or a timeout: GitHub then sees a 502 or
# nothing in its 10 s); throttles are deliveries refused at the reserved concurrency (429). Either
# is a delivery GitHub marks failed, which only redelivery repairs.
resource "aws_cloudwatch_metric_alarm" "receive_job_events_errors" {
  count = local.job_events_count

  alarm_name          = "${local.name}-receive-job-events-errors"
  alarm_description   = "ReceiveJobEvents of ${local.name} failed or was throttled in the last 5 minutes: those webhook deliveries failed at GitHub (redelivery repairs them when job_events names the hook). Errors: read ${local.receive_job_events_function_name}'s log (outcome, statusCode); throttles: more deliveries at once than receiver_reserved_concurrency allows, or a flood of requests."
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "failed"
    label       = "Failed or throttled invocations"
    expression  = "FILL(errors, 0) + FILL(throttles, 0)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { errors = "Errors", throttles = "Throttles" }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = "AWS/Lambda"
        metric_name = metric_query.value
        dimensions  = { FunctionName = aws_lambda_function.receive_job_events[0].function_name }
        stat        = "Sum"
        period      = 300
      }
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}

# Deliveries whose X-Hub-Signature-256 was missing or wrong: the webhook's secret and the
# secret in Secrets Manager differ (a rotation half done), or someone is calling the URL.
resource "aws_cloudwatch_metric_alarm" "rejected_signatures" {
  count = local.job_events_count

  alarm_name          = "${local.name}-rejected-signatures"
  alarm_description   = "ReceiveJobEvents of ${local.name} rejected ${var.job_events.rejected_signatures_threshold} or more deliveries in 5 minutes for a missing or wrong X-Hub-Signature-256 (401, nothing stored). Either the webhook's secret in GitHub differs from the one in ${var.job_events.webhook_secret} (a rotation half done: set both to the same value; the receiver reads the secret again at most every 5 minutes), or something other than GitHub is calling the function URL."
  namespace           = local.job_events_metric_namespace
  metric_name         = aws_cloudwatch_log_metric_filter.rejected_signatures[0].metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.job_events.rejected_signatures_threshold
  # The filter writes a datapoint only for a rejected signature: none is none.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}

# The repairs fail: as the main failure-rate alarm, over 15 runs of the repair state machine.
resource "aws_cloudwatch_metric_alarm" "repairs_failing" {
  count = local.job_events_count

  alarm_name          = "${local.name}-repairs-failing"
  alarm_description   = "At least ${var.error_rate_threshold} % of the executions of ${local.repair_state_machine_name} started over ${local.failure_rate_runs} runs (${local.failure_rate_period / 60} minutes) failed, timed out or were aborted: failed webhook deliveries are not redelivered and stale jobs not reconciled meanwhile. Read the state machine's failed executions for the error name (a missing hook permission names the permission)."
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.error_rate_threshold
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "failure_rate"
    label       = "Failed, timed out or aborted repair executions (%)"
    expression  = "IF(FILL(started, 0) > 0, 100 * (FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)) / FILL(started, 0), 0)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { started = "ExecutionsStarted", failed = "ExecutionsFailed", timed_out = "ExecutionsTimedOut", aborted = "ExecutionsAborted" }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = "AWS/States"
        metric_name = metric_query.value
        dimensions  = { StateMachineArn = aws_sfn_state_machine.repair_job_ledger[0].arn }
        stat        = "Sum"
        period      = local.failure_rate_period
      }
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}
