################################################################################
# The GitHub credentials. Terraform creates the secret, not its value: put the token in
# out of band so that it never lands in the state, e.g.
#   aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://token.txt
################################################################################

resource "aws_secretsmanager_secret" "github" {
  name_prefix = "${var.asg_name}-github-"
  description = "GitHub token that record-metric uses to list the runners of ${var.github_org_name}."
}

# The secret of the GitHub webhook that sends workflow_job to the module's receiver (job_events).
# As for the token: Terraform creates the secret, you put the value (a long random string, the
# same you enter in the webhook's form), e.g.
#   openssl rand -hex 32 > webhook-secret.txt
#   aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://webhook-secret.txt
resource "aws_secretsmanager_secret" "github_webhook" {
  name_prefix = "${var.asg_name}-github-webhook-"
  description = "Secret of the GitHub webhook whose workflow_job deliveries record-metric's receiver checks (X-Hub-Signature-256)."
}

################################################################################
# A minimal runner fleet. The runners' own registration (user data, runner binary) is out of
# scope here: each instance must register with the label installation_id:<installation_id>.
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
  name_prefix   = "${var.asg_name}-"
  image_id      = data.aws_ssm_parameter.al2023.value
  instance_type = var.instance_type

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_autoscaling_group" "runners" {
  name                = var.asg_name
  min_size            = 1
  max_size            = var.max_runners
  vpc_zone_identifier = data.aws_subnets.default.ids

  launch_template {
    id      = aws_launch_template.runners.id
    version = aws_launch_template.runners.latest_version
  }

  # The scaling policy divides by GroupInServiceInstances, and the module's registration-gap
  # alarm compares it with the online runners: Auto Scaling publishes it only when group
  # metrics are enabled.
  # GroupMaxSize: the module's job-wait alarm tells a full group from one that could still grow.
  enabled_metrics     = ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupPendingInstances", "GroupMaxSize"]
  metrics_granularity = "1Minute"

  lifecycle {
    # The scaling policy owns the desired capacity.
    ignore_changes = [desired_capacity]
  }
}

################################################################################
# record-metric: BusyRunners, IdleRunners and OfflineRunners of this group every minute, the
# GitHub API budget, and the alarms (among them the registration gap, on the group metrics)
################################################################################

module "record_metric" {
  source = "../.."

  # One pool: the group, the label value its runners carry, and the labels its jobs ask for
  # (runs-on), so that jobs queued while the group has no runner online are counted for it.
  pools = {
    (aws_autoscaling_group.runners.name) = {
      installation_id = var.installation_id
      job_labels      = var.job_labels
    }
  }
  github_org_name = var.github_org_name
  github_credentials = {
    type   = "token"
    secret = aws_secretsmanager_secret.github.arn
  }
  alarm_emails     = var.alarm_emails
  alarm_topic_arns = var.alarm_topic_arns
  # "threshold": alarm at error_rate_threshold % of 15 runs; "immediate": at the first failure.
  alert_strategy = "threshold"
  # "DISABLED" pauses the recording (e.g. while the fleet is under maintenance).
  schedule_state = "ENABLED"

  # What the scaling policy below keeps idle (the module's scaling_metric_queries output).
  idle_runners      = var.idle_runners
  idle_scale_factor = var.idle_scale_factor

  # {} (the default) is the module's bundled packages/*.jar (its release archive); from a
  # checkout, -var-file=from-source.tfvars names the jars ./mvnw -B package -DskipTests builds.
  get_token_package    = var.get_token_package
  list_runners_package = var.list_runners_package
  job_events_package   = var.job_events_package

  # The job ledger: GitHub's workflow_job webhooks into a DynamoDB table, and the repairs
  # (redelivery of the organization hook's failed deliveries once github_webhook_id is known,
  # reconciliation of stale jobs). Create the webhook from the webhook_settings output.
  job_events = {
    webhook_secret       = aws_secretsmanager_secret.github_webhook.arn
    organization_hook_id = var.github_webhook_id
  }

  # true: the module creates the pool's scaling policies (target tracking on the queries below,
  # and the scale-from-zero step policy on queued jobs), and the hand-written policy below goes.
  create_scaling_policies = var.create_scaling_policies

  tags = {
    Example = "complete"
  }
}

################################################################################
# Scaling: keep max(idle_runners, ceil(idle_scale_factor x busy)) idle runners on top of the busy
# ones (idle_scale_factor = 0: exactly idle_runners).
#
# Target tracking on (BusyRunners + QueuedJobs + wanted idle) / GroupInServiceInstances with
# target 1 (QueuedJobs: the job ledger's, job_events): the metric is above 1 exactly when fewer
# than busy + queued + wanted instances are in service, and target tracking sets the capacity to
# in-service * metric / target = busy + queued + wanted: K jobs queued at once ask for K instances. The metric falls as
# capacity grows, which is what target tracking assumes. Target tracking directly on IdleRunners
# would not: it treats the metric like CPU utilization, so too FEW idle runners (below the
# target) reads as over-capacity and removes instances, exactly when more are needed.
#
# The module's scaling_metric_queries output holds the metric math for this group (the
# expression, BusyRunners with its dimension, GroupInServiceInstances): written out here.
################################################################################

# With create_scaling_policies the module's own policies replace this one.
resource "aws_autoscaling_policy" "keep_idle_runners" {
  count = var.create_scaling_policies ? 0 : 1

  name                      = "${var.asg_name}-keep-${var.idle_runners}-idle"
  autoscaling_group_name    = aws_autoscaling_group.runners.name
  policy_type               = "TargetTrackingScaling"
  estimated_instance_warmup = 180

  target_tracking_configuration {
    target_value = 1.0

    customized_metric_specification {
      dynamic "metrics" {
        for_each = module.record_metric.scaling_metric_queries[aws_autoscaling_group.runners.name]
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

# Before create_scaling_policies the policy had no count.
moved {
  from = aws_autoscaling_policy.keep_idle_runners
  to   = aws_autoscaling_policy.keep_idle_runners[0]
}
