# Each run feeds one invalid input and expects its validation to reject the plan
# (Terraform >= 1.7, mocked provider: `terraform test` in terraform/).

mock_provider "aws" {}

variables {
  asg_name        = "runners"
  github_org_name = "acme"
  installation_id = "abc123"
  github_credentials = {
    type   = "token"
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
  }
  alarm_emails         = ["ops@example.com"]
  get_token_package    = "tests/fixtures/placeholder.jar"
  list_runners_package = "tests/fixtures/placeholder.jar"
}

run "no_alarm_email" {
  command = plan
  variables {
    alarm_emails = []
  }
  expect_failures = [var.alarm_emails]
}

run "not_an_email" {
  command = plan
  variables {
    alarm_emails = ["ops at example.com"]
  }
  expect_failures = [var.alarm_emails]
}

run "unknown_credential_type" {
  command = plan
  variables {
    github_credentials = {
      type   = "password"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
    }
  }
  expect_failures = [var.github_credentials]
}

run "credential_not_a_secret_arn" {
  command = plan
  variables {
    github_credentials = {
      type   = "token"
      secret = "github-token"
    }
  }
  expect_failures = [var.github_credentials]
}

run "error_rate_zero" {
  command = plan
  variables {
    error_rate_threshold = 0
  }
  expect_failures = [var.error_rate_threshold]
}

run "error_rate_above_100" {
  command = plan
  variables {
    error_rate_threshold = 101
  }
  expect_failures = [var.error_rate_threshold]
}

run "retention_not_allowed_by_cloudwatch" {
  command = plan
  variables {
    cloudwatch_log_group_retention = 42
  }
  expect_failures = [var.cloudwatch_log_group_retention]
}

run "java17" {
  command = plan
  variables {
    java_runtime = "java17"
  }
  expect_failures = [var.java_runtime]
}

run "unknown_architecture" {
  command = plan
  variables {
    architecture = "arm"
  }
  expect_failures = [var.architecture]
}

run "one_time_schedule" {
  command = plan
  variables {
    schedule_expression = "at(2030-01-01T00:00:00)"
  }
  expect_failures = [var.schedule_expression]
}

run "aws_namespace" {
  command = plan
  variables {
    metric_namespace = "AWS/States"
  }
  expect_failures = [var.metric_namespace]
}

run "lowercase_state_machine_type" {
  command = plan
  variables {
    state_machine_type = "express"
  }
  expect_failures = [var.state_machine_type]
}

run "plain_http_api_url" {
  command = plan
  variables {
    github_api_url = "http://github.example.com/api/v3"
  }
  expect_failures = [var.github_api_url]
}

run "key_alias_instead_of_arn" {
  command = plan
  variables {
    kms_key_arn = "alias/record-metric"
  }
  expect_failures = [var.kms_key_arn]
}

run "lambda_timeout_too_long" {
  command = plan
  variables {
    lambda_timeout = 901
  }
  expect_failures = [var.lambda_timeout]
}

run "org_name_with_space" {
  command = plan
  variables {
    github_org_name = "acme corp"
  }
  expect_failures = [var.github_org_name]
}
