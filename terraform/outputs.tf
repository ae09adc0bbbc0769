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
  description = "ARNs of the IAM roles in use, the module's or those of `existing_roles`: `get_token`, `list_runners`, `state_machine`, `scheduler`."
  value       = local.role_arn
}

output "role_policies" {
  description = "The IAM policy (JSON) each role needs, by role (`get_token`, `list_runners`, `state_machine`, `scheduler`; with `job_events` also `receive_job_events`, `repair_job_ledger` and `repair_state_machine`, whose roles the module always creates): what the module attaches to the roles it creates, to attach to a role of `existing_roles`."
  value = merge({
    get_token     = data.aws_iam_policy_document.get_token.json
    list_runners  = data.aws_iam_policy_document.list_runners.json
    state_machine = data.aws_iam_policy_document.state_machine.json
    scheduler     = data.aws_iam_policy_document.scheduler.json
    }, !local.job_events_enabled ? {} : {
    receive_job_events   = data.aws_iam_policy_document.receive_job_events[0].json
    repair_job_ledger    = data.aws_iam_policy_document.repair_job_ledger[0].json
    repair_state_machine = data.aws_iam_policy_document.repair_state_machine[0].json
  })
}

output "cloudwatch_log_group_names" {
  description = "Names of the CloudWatch log groups: `get_token` and `list_runners` (the functions'), `state_machine`; with `job_events` also `receive_job_events`, `repair_job_ledger` and `repair_state_machine`."
  value = merge({
    get_token     = aws_cloudwatch_log_group.get_token.name
    list_runners  = aws_cloudwatch_log_group.list_runners.name
    state_machine = aws_cloudwatch_log_group.state_machine.name
    }, !local.job_events_enabled ? {} : {
    receive_job_events   = aws_cloudwatch_log_group.receive_job_events[0].name
    repair_job_ledger    = aws_cloudwatch_log_group.repair_job_ledger[0].name
    repair_state_machine = aws_cloudwatch_log_group.repair_state_machine[0].name
  })
}

output "cloudwatch_log_group_arns" {
  description = "ARNs of the CloudWatch log groups: `get_token`, `list_runners`, `state_machine`; with `job_events` also `receive_job_events`, `repair_job_ledger` and `repair_state_machine`."
  value = merge({
    get_token     = aws_cloudwatch_log_group.get_token.arn
    list_runners  = aws_cloudwatch_log_group.list_runners.arn
    state_machine = aws_cloudwatch_log_group.state_machine.arn
    }, !local.job_events_enabled ? {} : {
    receive_job_events   = aws_cloudwatch_log_group.receive_job_events[0].arn
    repair_job_ledger    = aws_cloudwatch_log_group.repair_job_ledger[0].arn
    repair_state_machine = aws_cloudwatch_log_group.repair_state_machine[0].arn
  })
}

output "state_machine_name" {
  description = "Name of the state machine."
  value       = aws_sfn_state_machine.this.name
}

output "schedule_group_name" {
  description = "Name of the module's own EventBridge Scheduler schedule group; the scheduler role trusts only its schedules."
  value       = aws_scheduler_schedule_group.this.name
}

output "schedule_name" {
  description = "Name of the EventBridge Scheduler schedule that starts the state machine (in `schedule_group_name`)."
  value       = aws_scheduler_schedule.this.name
}

output "schedule_state" {
  description = "State of the schedule: `ENABLED`, or `DISABLED` while paused with `schedule_state`."
  value       = aws_scheduler_schedule.this.state
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
  description = "ARNs of the alarms: `failure_rate`, `dead_letters` and `github_api_budget`; per pool (a map from the pool's Auto Scaling group name) `freshness`, `registration_gap` (empty with `registration_gap_alarm = false`) and `group_metrics` (empty with `group_metrics_check = false`); with `job_events` also `receive_job_events_errors`, `rejected_signatures`, `repairs_failing`, `unmatched_queued_jobs` and per pool `job_wait`; with `job_events` and `create_scaling_policies` per pool `scale_from_zero`."
  value = merge({
    failure_rate      = aws_cloudwatch_metric_alarm.failure_rate.arn
    dead_letters      = aws_cloudwatch_metric_alarm.dead_letters.arn
    github_api_budget = aws_cloudwatch_metric_alarm.github_api_budget.arn
    freshness         = { for pool, alarm in aws_cloudwatch_metric_alarm.freshness : pool => alarm.arn }
    registration_gap  = { for pool, alarm in aws_cloudwatch_metric_alarm.registration_gap : pool => alarm.arn }
    group_metrics     = { for pool, alarm in aws_cloudwatch_metric_alarm.group_metrics : pool => alarm.arn }
    }, !local.job_events_enabled ? {} : {
    receive_job_events_errors = aws_cloudwatch_metric_alarm.receive_job_events_errors[0].arn
    rejected_signatures       = aws_cloudwatch_metric_alarm.rejected_signatures[0].arn
    repairs_failing           = aws_cloudwatch_metric_alarm.repairs_failing[0].arn
    unmatched_queued_jobs     = aws_cloudwatch_metric_alarm.unmatched_queued_jobs[0].arn
    },
    # Maps by pool, present only with what creates them (a conditional would need one type).
    { for key, alarms in { job_wait = aws_cloudwatch_metric_alarm.job_wait } : key => { for pool, alarm in alarms : pool => alarm.arn } if local.job_events_enabled },
    { for key, alarms in { scale_from_zero = aws_cloudwatch_metric_alarm.scale_from_zero } : key => { for pool, alarm in alarms : pool => alarm.arn } if local.create_scale_from_zero },
  )
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
  description = "Names of the published metrics: per pool `busy` (BusyRunners), `idle` (IdleRunners) and `offline` (OfflineRunners) and `uncertainty` (RunnerCountUncertainty: how far each of the three can be from the range its truth took while the runners were listed, 0 for a fleet that stood still), dimension `asg_name`; per deployment `api_remaining` (GitHubApiRemaining) and `api_limit` (GitHubApiLimit), dimension `state_machine` (see `api_budget_dimension`). Unit Count, one datapoint each per run."
  value       = local.metric_names
}

output "metric_dimension" {
  description = "The dimension of one pool's metrics, as `{ name, value }`: every metric query, alarm or scaling policy on them must carry it. With several pools `value` is null: use `pools[<name>].dimension`."
  value = {
    name  = local.pool_dimension
    value = length(local.pools) == 1 ? keys(local.pools)[0] : null
  }
}

output "api_budget_dimension" {
  description = "The dimension of GitHubApiRemaining and GitHubApiLimit, as `{ name, value }`: `state_machine` = this deployment's state machine name, so that deployments sharing one credential can be told apart. No datapoints when GitHub sends no rate-limit headers (GitHub Enterprise Server with rate limits off)."
  value       = local.deployment_dimension
}

output "pools" {
  description = "The pools counted, by Auto Scaling group name: `installation_id`, `label`, `dimension` (`{ name, value }` of its metrics), `idle_runners` and `idle_scale_factor` (as the `scaling_metric_queries` use them) and `scaling_expression` (the metric math a target tracking policy tracks at 1)."
  value = {
    for pool, settings in local.pools : pool => merge(settings, {
      dimension          = { name = local.pool_dimension, value = pool }
      scaling_expression = local.scaling_expressions[pool]
    })
  }
}

output "scaling_metric_queries" {
  description = "Per pool, the `metrics` blocks of a target tracking policy's `customized_metric_specification` (target value 1) that keeps `max(idle_runners, ceil(idle_scale_factor × busy))` idle runners on top of the busy ones: `(busy + wanted idle) / GroupInServiceInstances`; with `job_events`, `(busy + queued + wanted idle) / GroupInServiceInstances` (`queued`: `QueuedJobs`, Average), so that K jobs queued at once ask for K more instances in one period. A list of `{ id, label, expression, return_data, metric_stat }` (`metric_stat` null for the expression, else `{ namespace, metric_name, dimensions = [{ name, value }], stat }`), to write with `dynamic \"metrics\"` (examples/complete does), or let `create_scaling_policies` create the policy. Needs the group's `GroupInServiceInstances` metric; at zero instances the ratio has no value (see `create_scaling_policies`)."
  value       = local.scaling_metric_queries
}

output "scaling_policy_arns" {
  description = "With `create_scaling_policies`, per pool the ARNs of the policies the module created: `track_demand` (target tracking on `scaling_metric_queries`) and `scale_from_zero` (step scaling on the `scale-from-zero` alarm; null without `job_events`). Empty otherwise."
  value = {
    for pool, policy in aws_autoscaling_policy.track_demand : pool => {
      track_demand    = policy.arn
      scale_from_zero = try(aws_autoscaling_policy.scale_from_zero[pool].arn, null)
    }
  }
}

################################################################################
# The job ledger (job_events): null, or empty, without it
################################################################################

output "webhook_url" {
  description = "The receiver's function URL, the webhook's payload URL (`https://<id>.lambda-url.<region>.on.aws/`); null without `job_events`."
  value       = one(aws_lambda_function_url.receive_job_events[*].function_url)
}

output "webhook_settings" {
  description = "What to enter in GitHub's webhook form (organization Settings > Webhooks, or the GitHub App's settings) or in a `github_organization_webhook`: `payload_url`, `content_type` (`application/json`: the receiver refuses form-encoded payloads), `secret_arn` (the Secrets Manager secret whose value is the webhook's secret: the module never reads it), `events` (`[\"workflow_job\"]`, the only event to subscribe), `ssl_verify` (true), and `hook` (which hook's failed deliveries are redelivered, or none). Null without `job_events`."
  value       = local.webhook_settings
}

output "job_ledger_table_name" {
  description = "Name of the job ledger's DynamoDB table; null without `job_events`."
  value       = one(aws_dynamodb_table.job_ledger[*].name)
}

output "job_ledger_table_arn" {
  description = "ARN of the job ledger's DynamoDB table; null without `job_events`."
  value       = one(aws_dynamodb_table.job_ledger[*].arn)
}

output "repair_state_machine_arn" {
  description = "ARN of the repair state machine (`<name>-repair-job-ledger`: redelivery and reconciliation, started by its own schedule on `schedule_expression`); null without `job_events`."
  value       = one(aws_sfn_state_machine.repair_job_ledger[*].arn)
}

output "job_events_function_names" {
  description = "Names of the job ledger's functions, `receive_job_events` and `repair_job_ledger`; null without `job_events`."
  value = !local.job_events_enabled ? null : {
    receive_job_events = aws_lambda_function.receive_job_events[0].function_name
    repair_job_ledger  = aws_lambda_function.repair_job_ledger[0].function_name
  }
}
