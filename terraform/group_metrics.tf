################################################################################
# Each pool's Auto Scaling group must publish GroupInServiceInstances: the scaling metric of
# scaling_metric_queries divides by it and the registration-gap alarm subtracts from it. Auto
# Scaling publishes group metrics only once they are enabled (the group's enabled_metrics,
# EnableMetricsCollection: Amazon EC2 Auto Scaling User Guide, "Monitor CloudWatch metrics for
# your Auto Scaling groups and instances",
# https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-cloudwatch-monitoring.html).
# Without them nothing fails: the scaling metric has no value and the registration-gap alarm,
# without data, stays OK. Two checks: at plan time for a group that already exists, and an alarm.
################################################################################

# The pools' groups that exist now. A group created in the same apply is not there yet, and is
# not an error: names filters DescribeAutoScalingGroups, and an empty answer is no group. (A
# check block would turn a failed read into a warning, but needs Terraform 1.5; see versions.tf.)
data "aws_autoscaling_groups" "pools" {
  count = var.group_metrics_check ? 1 : 0

  names = keys(local.pools)
}

data "aws_autoscaling_group" "pools" {
  for_each = toset(flatten(data.aws_autoscaling_groups.pools[*].names))

  name = each.value

  lifecycle {
    postcondition {
      condition     = contains(self.enabled_metrics, "GroupInServiceInstances")
      error_message = "The Auto Scaling group ${each.value} does not publish GroupInServiceInstances (its enabled metrics: ${length(self.enabled_metrics) > 0 ? join(", ", sort(self.enabled_metrics)) : "none"}): the scaling metric of scaling_metric_queries would have no value and the registration-gap alarm no data. Enable it on the group: enabled_metrics = [\"GroupInServiceInstances\", ...] and metrics_granularity = \"1Minute\" on aws_autoscaling_group (or aws autoscaling enable-metrics-collection). If this plan enables it, apply that first; group_metrics_check = false skips this check and the group-metrics alarm."
    }
  }
}

# At run time: no GroupInServiceInstances datapoint in 15 minutes. Missing data is what it is
# about, so it breaches. Auto Scaling sends group metrics every minute once enabled.
resource "aws_cloudwatch_metric_alarm" "group_metrics" {
  for_each = var.group_metrics_check ? local.pools : {}

  alarm_name          = local.pool_alarm_names["no-group-metrics"][each.key]
  alarm_description   = "The Auto Scaling group ${each.key} has published no GroupInServiceInstances for 15 minutes: its group metrics are off (enabled_metrics) or the group is gone. The scaling metric of ${local.name} divides by it and the registration-gap alarm needs it: without it neither works, silently."
  namespace           = "AWS/AutoScaling"
  metric_name         = "GroupInServiceInstances"
  dimensions          = { AutoScalingGroupName = each.key }
  statistic           = "SampleCount"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = var.tags
}
