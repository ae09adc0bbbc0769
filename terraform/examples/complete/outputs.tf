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
  description = "ARN of the target tracking policy on (BusyRunners + max(idle_runners, ceil(idle_scale_factor x BusyRunners))) / GroupInServiceInstances."
  value       = aws_autoscaling_policy.keep_idle_runners.arn
}

output "log_group_names" {
  description = "The log groups of GetToken, ListRunners and the state machine."
  value       = module.record_metric.cloudwatch_log_group_names
}
