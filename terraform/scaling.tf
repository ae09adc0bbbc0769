################################################################################
# Scaling that follows demand (issue 20). The queries are always an output; the policies exist
# only with create_scaling_policies (the step policy only with job_events, which publishes
# QueuedJobs). How each acts: README's "Scaling".
################################################################################

locals {
  # Per pool, the metrics blocks of a target tracking policy's customized metric (target 1).
  scaling_metric_queries = {
    for pool, settings in local.pools : pool => concat(
      [
        {
          id          = "busy"
          label       = null
          expression  = null
          return_data = false
          metric_stat = {
            namespace   = var.metric_namespace
            metric_name = local.metric_names.busy
            dimensions  = [{ name = local.pool_dimension, value = pool }]
            stat        = "Average"
          }
        },
      ],
      local.job_events_enabled ? [
        {
          id          = "queued"
          label       = null
          expression  = null
          return_data = false
          metric_stat = {
            namespace   = var.metric_namespace
            metric_name = local.demand_metric_names.queued
            dimensions  = [{ name = local.pool_dimension, value = pool }]
            stat        = "Average"
          }
        },
      ] : [],
      [
        {
          id          = "in_service"
          label       = null
          expression  = null
          return_data = false
          metric_stat = {
            namespace   = "AWS/AutoScaling"
            metric_name = "GroupInServiceInstances"
            dimensions  = [{ name = "AutoScalingGroupName", value = pool }]
            stat        = "Average"
          }
        },
        {
          id = "wanted_per_instance"
          label = format(local.job_events_enabled ? "(busy + queued + %s) / in service" : "(busy + %s) / in service",
          settings.idle_scale_factor > 0 ? "max(${settings.idle_runners}, ceil(${settings.idle_scale_factor} x busy))" : tostring(settings.idle_runners))
          expression  = local.scaling_expressions[pool]
          return_data = true
          metric_stat = null
        },
      ],
    )
  }

  create_scaling_policies = var.create_scaling_policies
  # The step policy needs QueuedJobs: job_events.
  create_scale_from_zero = var.create_scaling_policies && local.job_events_enabled

  # The step policy's adjustments. The alarm's value is the pool's queued jobs while it has no
  # instance in service; each step adds as many instances as the jobs it starts at (a value v in
  # [s, next s) adds s; below 2, one), up to 50 in one period. Auto Scaling never goes past the
  # group's max_size ("Step and simple scaling policies": the adjustment is capped at the maximum).
  # Bounds are relative to the alarm's threshold, 0; for a breach above the threshold the lower
  # bound is inclusive and the upper exclusive (Amazon EC2 Auto Scaling User Guide, "Step
  # adjustments for step scaling").
  scale_from_zero_step_sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 40, 50]
  scale_from_zero_steps = [
    for index, size in local.scale_from_zero_step_sizes : {
      adjustment  = size
      lower_bound = index == 0 ? 0 : size
      upper_bound = index + 1 < length(local.scale_from_zero_step_sizes) ? local.scale_from_zero_step_sizes[index + 1] : null
    }
  ]
  # Instances launched by the step policy count toward the group's capacity for this long, so that
  # the alarm, which stays in ALARM while they start (in service is still 0), does not add them again.
  scale_from_zero_warmup_seconds = 300
}

# Target tracking at 1 on scaling_metric_queries: capacity = in service x metric = busy + queued
# + wanted idle. The metric falls as capacity grows, as target tracking assumes.
resource "aws_autoscaling_policy" "track_demand" {
  for_each = local.create_scaling_policies ? local.pools : {}

  name                   = "${local.name}-track-demand"
  autoscaling_group_name = each.key
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = 1

    customized_metric_specification {
      dynamic "metrics" {
        for_each = local.scaling_metric_queries[each.key]
        content {
          id          = metrics.value.id
          label       = metrics.value.label
          expression  = metrics.value.expression
          return_data = metrics.value.return_data

          dynamic "metric_stat" {
            for_each = metrics.value.metric_stat == null ? [] : [metrics.value.metric_stat]
            content {
              stat = metric_stat.value.stat

              metric {
                namespace   = metric_stat.value.namespace
                metric_name = metric_stat.value.metric_name

                dynamic "dimensions" {
                  for_each = metric_stat.value.dimensions
                  content {
                    name  = dimensions.value.name
                    value = dimensions.value.value
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

# A pool at zero instances: the target tracking metric divides by in service, so it has no value
# and target tracking never leaves zero. This step policy adds instances for the queued jobs.
resource "aws_autoscaling_policy" "scale_from_zero" {
  for_each = local.create_scale_from_zero ? local.pools : {}

  name                      = "${local.name}-scale-from-zero"
  autoscaling_group_name    = each.key
  policy_type               = "StepScaling"
  adjustment_type           = "ChangeInCapacity"
  metric_aggregation_type   = "Maximum"
  estimated_instance_warmup = local.scale_from_zero_warmup_seconds

  dynamic "step_adjustment" {
    for_each = local.scale_from_zero_steps
    content {
      scaling_adjustment          = step_adjustment.value.adjustment
      metric_interval_lower_bound = tostring(step_adjustment.value.lower_bound)
      metric_interval_upper_bound = step_adjustment.value.upper_bound == null ? null : tostring(step_adjustment.value.upper_bound)
    }
  }
}

# IF(in_service == 0, queued, 0) > 0 in one period (CloudWatch metric math: IF and the comparison
# operators, "Metric math syntax and functions"): jobs wait for a pool with no instance in service.
# Maximum of both over the period: no instance at any time in it, and the most jobs queued. An
# alarm's action may be a scaling policy, and it may be on metric math (CloudWatch, "Create a
# CloudWatch alarm based on a metric math expression"); Auto Scaling runs the policy again each
# period the alarm stays in ALARM, counting instances still warming up.
resource "aws_cloudwatch_metric_alarm" "scale_from_zero" {
  for_each = local.create_scale_from_zero ? local.pools : {}

  alarm_name          = local.pool_alarm_names["scale-from-zero"][each.key]
  alarm_description   = "Jobs are queued for ${each.key} while it has no instance in service: runs ${aws_autoscaling_policy.scale_from_zero[each.key].name}, which adds an instance per queued job (up to 50 a period, never past the group's max_size). Target tracking takes over once an instance is in service."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  # No QueuedJobs or no group metrics: nothing to act on (the freshness and group-metrics alarms say why).
  treat_missing_data = "notBreaching"

  metric_query {
    id          = "queued_at_zero"
    label       = "Jobs queued while no instance is in service"
    expression  = "IF(in_service == 0, queued, 0)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = {
      in_service = { namespace = "AWS/AutoScaling", metric = "GroupInServiceInstances", dimensions = { AutoScalingGroupName = each.key } }
      queued     = { namespace = var.metric_namespace, metric = local.demand_metric_names.queued, dimensions = { (local.pool_dimension) = each.key } }
    }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = metric_query.value.namespace
        metric_name = metric_query.value.metric
        dimensions  = metric_query.value.dimensions
        stat        = "Maximum"
        period      = local.schedule_seconds
      }
    }
  }

  alarm_actions = [aws_autoscaling_policy.scale_from_zero[each.key].arn]
  tags          = var.tags
}
