################################################################################
# The GitHub credentials, put in out of band (see examples/complete).
################################################################################

resource "aws_secretsmanager_secret" "github" {
  name_prefix = "${var.github_org_name}-github-"
  description = "GitHub token that record-metric uses to list the runners of ${var.github_org_name}."
}

################################################################################
# One Auto Scaling group per pool, each with its own launch template. Each instance must register
# its runner with its pool's label installation_id:<installation_id> (user data not shown).
################################################################################

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }
}

resource "aws_launch_template" "runners" {
  for_each = var.pools

  name_prefix   = "${each.key}-"
  image_id      = data.aws_ssm_parameter.al2023.value
  instance_type = each.value.instance_type

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_autoscaling_group" "runners" {
  for_each = var.pools

  name                = each.key
  min_size            = 1
  max_size            = each.value.max_runners
  vpc_zone_identifier = data.aws_subnets.default.ids

  launch_template {
    id      = aws_launch_template.runners[each.key].id
    version = aws_launch_template.runners[each.key].latest_version
  }

  # GroupInServiceInstances: the scaling policies divide by it, the registration-gap alarms
  # compare it with the online runners.
  enabled_metrics     = ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupPendingInstances"]
  metrics_granularity = "1Minute"

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

################################################################################
# One record-metric deployment for every pool: one listing of the organization a minute, one
# PutMetricData request with each pool's BusyRunners, IdleRunners and OfflineRunners.
################################################################################

module "record_metric" {
  source = "../.."

  github_org_name = var.github_org_name
  pools = {
    for name, pool in var.pools : aws_autoscaling_group.runners[name].name => {
      installation_id   = pool.installation_id
      idle_runners      = pool.idle_runners
      idle_scale_factor = pool.idle_scale_factor
    }
  }
  runner_group_id = var.runner_group_id
  github_credentials = {
    type   = "token"
    secret = aws_secretsmanager_secret.github.arn
  }
  alarm_emails     = var.alarm_emails
  alarm_topic_arns = var.alarm_topic_arns

  get_token_package    = var.get_token_package
  list_runners_package = var.list_runners_package

  tags = {
    Example = "pools"
  }
}

################################################################################
# Per pool, target tracking on the module's scaling_metric_queries (see examples/complete).
################################################################################

resource "aws_autoscaling_policy" "keep_idle_runners" {
  for_each = var.pools

  name                      = "${each.key}-keep-idle-runners"
  autoscaling_group_name    = aws_autoscaling_group.runners[each.key].name
  policy_type               = "TargetTrackingScaling"
  estimated_instance_warmup = 180

  target_tracking_configuration {
    target_value = 1.0

    customized_metric_specification {
      dynamic "metrics" {
        for_each = module.record_metric.scaling_metric_queries[each.key]
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
