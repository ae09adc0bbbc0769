# What users of terraform-aws-modules expect of a module: the schedule can be paused, the log
# groups and the schedule are outputs, IAM roles can be brought, and what the roles say of
# themselves is true (Terraform >= 1.7, mocked provider: `terraform test` in terraform/).

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_service" {
    defaults = {
      region = "us-west-2"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  # The provider validates a role's trust policy as JSON even when mocked.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  # A group that exists publishes GroupInServiceInstances (enabled_metrics), unless a run says otherwise.
  mock_data "aws_autoscaling_group" {
    defaults = {
      enabled_metrics = ["GroupInServiceInstances"]
    }
  }
}

variables {
  asg_name             = "runners"
  github_org_name      = "acme"
  installation_id      = "abc123"
  alarm_emails         = ["ops@example.com"]
  get_token_package    = { path = "tests/fixtures/placeholder.jar" }
  list_runners_package = { path = "tests/fixtures/placeholder.jar" }
  github_credentials = {
    type   = "token"
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
  }
}

run "state_machine_role_says_what_it_puts" {
  command = plan

  # The role's description is what the console and IAM Access Analyzer show of it.
  assert {
    condition     = alltrue([for metric in values(local.metric_names) : length(regexall("\\b${metric}\\b", aws_iam_role.state_machine.description)) == 1])
    error_message = "The state machine role's description must name every metric it puts: ${aws_iam_role.state_machine.description}"
  }
}
