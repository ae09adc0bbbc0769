locals {
  # One row of two widgets per pool (runners; utilization), then the deployment's own row.
  pool_names = sort(keys(local.pools))
  pool_widgets = flatten([
    for index, pool in local.pool_names : [
      {
        type   = "metric"
        x      = 0
        y      = 6 * index
        width  = 12
        height = 6
        properties = {
          title   = "Runners of ${pool}"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.schedule_seconds
          stat    = "Average"
          metrics = [
            [var.metric_namespace, local.metric_names.busy, local.pool_dimension, pool, { label = "Busy" }],
            [var.metric_namespace, local.metric_names.idle, local.pool_dimension, pool, { label = "Idle" }],
            [var.metric_namespace, local.metric_names.offline, local.pool_dimension, pool, { label = "Offline" }],
            [var.metric_namespace, local.metric_names.uncertainty, local.pool_dimension, pool, { label = "Count uncertainty (±)" }],
            ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", pool, { label = "Instances in service" }],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 6 * index
        width  = 12
        height = 6
        properties = {
          title   = "Utilization of ${pool} (busy / online, %)"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.schedule_seconds
          stat    = "Average"
          yAxis   = { left = { min = 0, max = 100 } }
          metrics = [
            [{ expression = "IF(busy + idle > 0, 100 * busy / (busy + idle), 0)", label = "Utilization", id = "utilization" }],
            [var.metric_namespace, local.metric_names.busy, local.pool_dimension, pool, { id = "busy", visible = false }],
            [var.metric_namespace, local.metric_names.idle, local.pool_dimension, pool, { id = "idle", visible = false }],
          ]
        }
      },
    ]
  ])
  deployment_row = 6 * length(local.pool_names)

  # With job_events, a last row: the receiver's deliveries, and what the repairs did (the repair
  # state machine's datapoints, dimension state_machine = its name).
  job_events_widgets = [for widget in [
    {
      type   = "metric"
      x      = 0
      y      = local.deployment_row + 6
      width  = 12
      height = 6
      properties = {
        title   = "Webhook deliveries to ${local.receive_job_events_function_name}"
        region  = local.region
        view    = "timeSeries"
        stacked = false
        period  = 300
        stat    = "Sum"
        metrics = [
          ["AWS/Lambda", "Invocations", "FunctionName", local.receive_job_events_function_name, { label = "Deliveries" }],
          ["AWS/Lambda", "Errors", "FunctionName", local.receive_job_events_function_name, { label = "Errors" }],
          ["AWS/Lambda", "Throttles", "FunctionName", local.receive_job_events_function_name, { label = "Throttled (429)" }],
          [local.job_events_metric_namespace, "RejectedWebhookSignatures", { label = "Rejected signatures (401)" }],
        ]
      }
    },
    {
      type   = "metric"
      x      = 12
      y      = local.deployment_row + 6
      width  = 12
      height = 6
      properties = {
        title   = "Repairs of the job ledger"
        region  = local.region
        view    = "timeSeries"
        stacked = false
        period  = 300
        stat    = "Sum"
        metrics = [
          for metric in ["RedeliveriesRequested", "FailedDeliveries", "JobsCorrected", "JobsClosed", "StaleJobsChecked"] :
          [var.metric_namespace, metric, local.deployment_dimension.name, local.repair_state_machine_name]
        ]
      }
    },
  ] : widget if local.job_events_enabled]

  # With job_events, a row per pool below: its queued jobs and their waits, and its busy and idle
  # runners as the ledger corrects them, with how many runners' busy flag disagreed.
  demand_row = local.deployment_row + 12
  demand_widgets = [for widget in flatten([
    for index, pool in local.pool_names : [
      {
        type   = "metric"
        x      = 0
        y      = local.demand_row + 6 * index
        width  = 12
        height = 6
        properties = {
          title   = "Queued jobs of ${pool} and their waits"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.schedule_seconds
          metrics = [
            [var.metric_namespace, local.demand_metric_names.queued, local.pool_dimension, pool, { stat = "Maximum", label = "Queued jobs" }],
            [var.metric_namespace, local.demand_metric_names.oldest_queued, local.pool_dimension, pool, { stat = "Maximum", label = "Oldest queued job's wait (s)", yAxis = "right" }],
            [var.metric_namespace, local.demand_metric_names.job_wait, local.pool_dimension, pool, { stat = "p50", label = "Wait of started jobs p50 (s)", yAxis = "right" }],
            [var.metric_namespace, local.demand_metric_names.job_wait, local.pool_dimension, pool, { stat = "p95", label = "Wait of started jobs p95 (s)", yAxis = "right" }],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = local.demand_row + 6 * index
        width  = 12
        height = 6
        properties = {
          title   = "Busy and idle runners of ${pool} (with the ledger)"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.schedule_seconds
          stat    = "Average"
          metrics = [
            [var.metric_namespace, local.metric_names.busy, local.pool_dimension, pool, { label = "Busy (ledger-corrected)" }],
            [var.metric_namespace, local.metric_names.idle, local.pool_dimension, pool, { label = "Idle (ledger-corrected)" }],
            [var.metric_namespace, local.demand_metric_names.flag_disagreements, local.pool_dimension, pool, { label = "Runners whose busy flag disagreed with the ledger" }],
          ]
        }
      },
    ]
  ]) : widget if local.job_events_enabled]
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.create_dashboard ? 1 : 0

  # Dashboard names are global to the account: the name carries the region.
  dashboard_name = local.global_names.dashboard

  dashboard_body = jsonencode({
    widgets = concat(local.pool_widgets, [
      {
        type   = "metric"
        x      = 0
        y      = local.deployment_row
        width  = 8
        height = 6
        properties = {
          title   = "Executions of ${local.name}"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = 300
          stat    = "Sum"
          metrics = [
            ["AWS/States", "ExecutionsSucceeded", "StateMachineArn", aws_sfn_state_machine.this.arn, { label = "Succeeded" }],
            ["AWS/States", "ExecutionsFailed", "StateMachineArn", aws_sfn_state_machine.this.arn, { label = "Failed" }],
            ["AWS/States", "ExecutionsTimedOut", "StateMachineArn", aws_sfn_state_machine.this.arn, { label = "Timed out" }],
            ["AWS/States", "ExecutionsAborted", "StateMachineArn", aws_sfn_state_machine.this.arn, { label = "Aborted" }],
          ]
        }
      },
      {
        type   = "metric"
        x      = 8
        y      = local.deployment_row
        width  = 8
        height = 6
        properties = {
          title   = "Function duration (ms)"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = 300
          metrics = [
            ["AWS/Lambda", "Duration", "FunctionName", aws_lambda_function.list_runners.function_name, { stat = "p50", label = "ListRunners p50" }],
            ["AWS/Lambda", "Duration", "FunctionName", aws_lambda_function.list_runners.function_name, { stat = "p99", label = "ListRunners p99" }],
            ["AWS/Lambda", "Duration", "FunctionName", aws_lambda_function.get_token.function_name, { stat = "p50", label = "GetToken p50" }],
            ["AWS/Lambda", "Duration", "FunctionName", aws_lambda_function.get_token.function_name, { stat = "p99", label = "GetToken p99" }],
          ]
        }
      },
      {
        type   = "metric"
        x      = 16
        y      = local.deployment_row
        width  = 8
        height = 6
        properties = {
          title   = "GitHub API budget of ${local.name}"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.schedule_seconds
          metrics = [
            [var.metric_namespace, local.metric_names.api_remaining, local.deployment_dimension.name, local.deployment_dimension.value, { stat = "Minimum", label = "Remaining" }],
            [var.metric_namespace, local.metric_names.api_limit, local.deployment_dimension.name, local.deployment_dimension.value, { stat = "Maximum", label = "Limit" }],
          ]
        }
      },
    ], local.job_events_widgets, local.demand_widgets)
  })
}
