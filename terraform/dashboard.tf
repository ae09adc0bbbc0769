locals {
  runner_dimension = ["asg_name", var.asg_name]
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.create_dashboard ? 1 : 0

  # Dashboard names are global to the account: the name carries the region.
  dashboard_name = local.global_names.dashboard

  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "Runners of ${var.asg_name}"
          region  = local.region
          view    = "timeSeries"
          stacked = true
          period  = local.schedule_seconds
          stat    = "Average"
          metrics = [
            concat([var.metric_namespace, local.metric_names.busy], local.runner_dimension, [{ label = "Busy" }]),
            concat([var.metric_namespace, local.metric_names.idle], local.runner_dimension, [{ label = "Idle" }]),
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "Utilization of ${var.asg_name} (busy / online, %)"
          region  = local.region
          view    = "timeSeries"
          stacked = false
          period  = local.schedule_seconds
          stat    = "Average"
          yAxis   = { left = { min = 0, max = 100 } }
          metrics = [
            [{ expression = "IF(busy + idle > 0, 100 * busy / (busy + idle), 0)", label = "Utilization", id = "utilization" }],
            concat([var.metric_namespace, local.metric_names.busy], local.runner_dimension, [{ id = "busy", visible = false }]),
            concat([var.metric_namespace, local.metric_names.idle], local.runner_dimension, [{ id = "idle", visible = false }]),
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 6
        width  = 12
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
        x      = 12
        y      = 6
        width  = 12
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
    ]
  })
}
