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

output "state_machine_name" {
  description = "Name of the state machine."
  value       = aws_sfn_state_machine.this.name
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
  description = "ARN of the SNS topic the alarms notify (subscribe more endpoints to it)."
  value       = aws_sns_topic.alarms.arn
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
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "kms_key_arn" {
  description = "ARN of the KMS key that seals the GitHub token (the module's own, or `kms_key_arn`)."
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
