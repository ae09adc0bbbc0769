output "lambda_name" {
  description = "Kept from the original module, whose single Lambda function listed and counted the runners: the name of ListRunners, the function that does that here (GetToken only fetches the token)."
  value       = aws_lambda_function.list_runners.function_name
}

output "get_token_function_name" {
  description = "Name of the GetToken Lambda function."
  value       = aws_lambda_function.get_token.function_name
}

output "get_token_function_arn" {
  description = "ARN of the GetToken Lambda function."
  value       = aws_lambda_function.get_token.arn
}

output "list_runners_function_name" {
  description = "Name of the ListRunners Lambda function."
  value       = aws_lambda_function.list_runners.function_name
}

output "list_runners_function_arn" {
  description = "ARN of the ListRunners Lambda function."
  value       = aws_lambda_function.list_runners.arn
}

output "state_machine_arn" {
  description = "ARN of the state machine."
  value       = aws_sfn_state_machine.this.arn
}

output "role_arns" {
  description = "ARNs of the module's IAM roles: `get_token`, `list_runners`, `state_machine`, `scheduler`."
  value = {
    get_token     = aws_iam_role.get_token.arn
    list_runners  = aws_iam_role.list_runners.arn
    state_machine = aws_iam_role.state_machine.arn
    scheduler     = aws_iam_role.scheduler.arn
  }
}

output "state_machine_name" {
  description = "Name of the state machine."
  value       = aws_sfn_state_machine.this.name
}

output "schedule_group_name" {
  description = "Name of the module's own EventBridge Scheduler schedule group; the scheduler role trusts only its schedules."
  value       = aws_scheduler_schedule_group.this.name
}

output "schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule that starts the state machine."
  value       = aws_scheduler_schedule.this.arn
}

output "dead_letter_queue_arn" {
  description = "ARN of the SQS queue that receives the starts Scheduler could not deliver."
  value       = aws_sqs_queue.dead_letter.arn
}

output "sns_topic_arn" {
  description = "ARN of the SNS topic the module created for `alarm_emails` (subscribe more endpoints to it); null without `alarm_emails`."
  value       = one(aws_sns_topic.alarms[*].arn)
}

output "alarm_actions" {
  description = "Where the alarms notify: the module's topic (with `alarm_emails`) and `alarm_topic_arns`."
  value       = local.alarm_actions
}

output "alarm_arns" {
  description = "ARNs of the alarms: `failure_rate`, `freshness` and `dead_letters`."
  value = {
    failure_rate = aws_cloudwatch_metric_alarm.failure_rate.arn
    freshness    = aws_cloudwatch_metric_alarm.freshness.arn
    dead_letters = aws_cloudwatch_metric_alarm.dead_letters.arn
  }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard; null with `create_dashboard = false`."
  value       = one(aws_cloudwatch_dashboard.this[*].dashboard_name)
}

output "kms_key_arn" {
  description = "ARN of the KMS key that seals the GitHub token (the module's own, or `kms_key.arn`)."
  value       = local.token_kms_key_arn
}

output "metric_namespace" {
  description = "CloudWatch namespace of the published metrics."
  value       = var.metric_namespace
}

output "metric_names" {
  description = "Names of the published metrics: `busy` (BusyRunners) and `idle` (IdleRunners). Unit Count, one datapoint each per run."
  value       = local.metric_names
}

output "metric_dimension" {
  description = "The one dimension of the published metrics, as `{ name, value }`: every metric query, alarm or scaling policy on them must carry it."
  value = {
    name  = "asg_name"
    value = var.asg_name
  }
}
