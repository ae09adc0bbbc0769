output "state_machine_arn" {
  description = "ARN of the state machine that records the metrics."
  value       = module.record_metric.state_machine_arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = module.record_metric.dashboard_name
}

output "github_credentials_secret_arn" {
  description = "ARN of the secret to put the GitHub token in (out of band, see README)."
  value       = aws_secretsmanager_secret.github.arn
}

output "scaling_policy_arn" {
  description = "ARN of the hand-written target tracking policy on (BusyRunners + QueuedJobs + max(idle_runners, ceil(idle_scale_factor x BusyRunners))) / GroupInServiceInstances; null with create_scaling_policies."
  value       = one(aws_autoscaling_policy.keep_idle_runners[*].arn)
}

output "module_scaling_policy_arns" {
  description = "With create_scaling_policies, the module's policies: track_demand and scale_from_zero."
  value       = module.record_metric.scaling_policy_arns
}

output "log_group_names" {
  description = "The log groups of GetToken, ListRunners and the state machine."
  value       = module.record_metric.cloudwatch_log_group_names
}

output "webhook_settings" {
  description = "What to enter in the organization's webhook form (Settings > Webhooks > Add webhook): payload URL, content type, the secret's ARN (its value is what you put in the secret), the event."
  value       = module.record_metric.webhook_settings
}

output "github_webhook_secret_arn" {
  description = "ARN of the secret to put the webhook's secret in (out of band, see README)."
  value       = aws_secretsmanager_secret.github_webhook.arn
}

output "job_ledger_table_name" {
  description = "The job ledger's DynamoDB table."
  value       = module.record_metric.job_ledger_table_name
}
