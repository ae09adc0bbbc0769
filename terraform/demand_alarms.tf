################################################################################
# Demand alarms (job_events, issue 20): jobs wait although runners are idle or the group is full,
# and jobs no pool can run. They notify alarm_actions like the module's others.
################################################################################

# A job has waited longer than job_wait_alarm_seconds while the pool had an idle runner (runners
# online that never get the job: a runner GitHub stopped queuing jobs to because it missed an
# update for more than 30 days, "Controlling runner software updates on self-hosted runners"; a
# label or runner-group mismatch) or while the group was at its maximum size (no more instances
# can come). More instances would not help either way: a person must. Comparisons in metric math
# give 1 or 0, so their sum is above 0 when either holds; FILL keeps a missing series (no group
# metrics) from hiding the other condition.
resource "aws_cloudwatch_metric_alarm" "job_wait" {
  for_each = local.job_events_enabled ? local.pools : {}

  alarm_name          = local.pool_alarm_names["job-wait"][each.key]
  alarm_description   = "A job queued for ${each.key} has waited more than ${var.job_wait_alarm_seconds} s (OldestQueuedJobAgeSeconds) while the pool had idle runners or its Auto Scaling group was at its maximum size, for 2 runs. Idle runners that get no job: a runner too old for GitHub to queue jobs to (it must update within 30 days of a release), or labels or a runner group that do not match the job; at the maximum size: raise max_size or wait. Read ListRunners' log line for the pool's queued jobs."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.job_wait_alarm_seconds
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  # No datapoints: job_events publishes none yet, or the runs stopped (the freshness alarm's business).
  treat_missing_data = "notBreaching"

  metric_query {
    id          = "stuck_wait"
    label       = "Oldest queued job's wait while runners are idle or the group is full (s)"
    expression  = "IF((FILL(idle, 0) > 0) + (FILL(in_service - max_size, -1) >= 0) > 0, FILL(oldest, 0), 0)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = {
      oldest     = { namespace = var.metric_namespace, metric = local.demand_metric_names.oldest_queued, dimensions = { (local.pool_dimension) = each.key }, stat = "Maximum" }
      idle       = { namespace = var.metric_namespace, metric = local.metric_names.idle, dimensions = { (local.pool_dimension) = each.key }, stat = "Minimum" }
      in_service = { namespace = "AWS/AutoScaling", metric = "GroupInServiceInstances", dimensions = { AutoScalingGroupName = each.key }, stat = "Maximum" }
      max_size   = { namespace = "AWS/AutoScaling", metric = "GroupMaxSize", dimensions = { AutoScalingGroupName = each.key }, stat = "Minimum" }
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

# Queued jobs whose labels no pool carries wait forever (GitHub gives a job only to a runner with
# every label it asks for): 3 runs in a row, so that a pool's first runner registering does not count.
resource "aws_cloudwatch_metric_alarm" "unmatched_queued_jobs" {
  count = local.job_events_count

  alarm_name          = "${local.name}-unmatched-queued-jobs"
  alarm_description   = "Jobs queued in ${var.github_org_name} fit no pool of ${local.name} (UnmatchedQueuedJobs > 0 for 3 runs): their runs-on labels are not all carried by any pool's online runners or job_labels, so they wait forever. Fix the workflow's runs-on or add the labels to a pool (its runners' labels, or pools[*].job_labels)."
  namespace           = var.metric_namespace
  metric_name         = local.demand_metric_names.unmatched_queued
  dimensions          = { (local.deployment_dimension.name) = local.deployment_dimension.value }
  statistic           = "Minimum"
  period              = local.schedule_seconds
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}
