output "state_machine_arn" {
  description = "ARN of the one state machine that records every pool's metrics."
  value       = module.record_metric.state_machine_arn
}

output "github_credentials_secret_arn" {
  description = "ARN of the secret to put the GitHub token in (out of band)."
  value       = aws_secretsmanager_secret.github.arn
}

output "scaling_expressions" {
  description = "Per pool, the metric math its target tracking policy keeps at 1."
  value       = { for name, pool in module.record_metric.pools : name => pool.scaling_expression }
}
