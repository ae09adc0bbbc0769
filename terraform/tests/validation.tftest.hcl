# Each run feeds one invalid input and expects its validation to reject the plan
# (Terraform >= 1.7, mocked provider: `terraform test` in terraform/).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  asg_name        = "runners"
  github_org_name = "acme"
  installation_id = "abc123"
  github_credentials = {
    type   = "token"
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
  }
  alarm_emails         = ["ops@example.com"]
  get_token_package    = { path = "tests/fixtures/placeholder.jar" }
  list_runners_package = { path = "tests/fixtures/placeholder.jar" }
}

run "no_alarm_email" {
  command = plan
  variables {
    alarm_emails = []
  }
  expect_failures = [aws_cloudwatch_metric_alarm.dead_letters]
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
    kms_key = { arn = "alias/record-metric" }
  }
  expect_failures = [var.kms_key]
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

run "cron_schedule" {
  command = plan
  variables {
    schedule_expression = "cron(0/5 * * * ? *)"
  }
  expect_failures = [var.schedule_expression]
}

run "rate_in_hours" {
  command = plan
  variables {
    schedule_expression = "rate(2 hours)"
  }
  expect_failures = [var.schedule_expression]
}

run "rate_of_one_in_plural" {
  command = plan
  variables {
    schedule_expression = "rate(1 minutes)"
  }
  expect_failures = [var.schedule_expression]
}

run "rate_beyond_an_hour" {
  command = plan
  variables {
    schedule_expression = "rate(61 minutes)"
  }
  expect_failures = [var.schedule_expression]
}

run "package_from_path_and_s3" {
  command = plan
  variables {
    get_token_package = {
      path      = "tests/fixtures/placeholder.jar"
      s3_bucket = "artifacts"
      s3_key    = "get-token.jar"
    }
  }
  expect_failures = [var.get_token_package]
}

run "package_bucket_without_key" {
  command = plan
  variables {
    list_runners_package = {
      s3_bucket = "artifacts"
    }
  }
  expect_failures = [var.list_runners_package]
}

run "package_version_without_bucket" {
  command = plan
  variables {
    list_runners_package = {
      path              = "tests/fixtures/placeholder.jar"
      s3_object_version = "3HL4kqtJlcpXroDTDmJ"
    }
  }
  expect_failures = [var.list_runners_package]
}

run "package_not_a_jar" {
  command = plan
  variables {
    get_token_package = { path = "tests/fixtures/placeholder.txt" }
  }
  expect_failures = [var.get_token_package]
}

run "secret_name_instead_of_arn" {
  command = plan
  variables {
    github_credentials = {
      type   = "token"
      secret = "github-token-AbCdEf"
    }
  }
  expect_failures = [var.github_credentials]
}

run "topic_not_an_sns_arn" {
  command = plan
  variables {
    alarm_topic_arns = ["arn:aws:sqs:us-west-2:123456789012:queue"]
  }
  expect_failures = [var.alarm_topic_arns]
}

run "iam_path_without_trailing_slash" {
  command = plan
  variables {
    iam_path = "/record-metric"
  }
  expect_failures = [var.iam_path]
}

run "boundary_not_a_policy_arn" {
  command = plan
  variables {
    permissions_boundary = "arn:aws:iam::123456789012:role/boundary"
  }
  expect_failures = [var.permissions_boundary]
}

run "vpc_without_security_group" {
  command = plan
  variables {
    vpc_config = {
      subnet_ids         = ["subnet-0123456789abcdef0"]
      security_group_ids = []
    }
  }
  expect_failures = [var.vpc_config]
}

run "log_group_key_alias" {
  command = plan
  variables {
    cloudwatch_log_group_kms_key_arn = "alias/logs"
  }
  expect_failures = [var.cloudwatch_log_group_kms_key_arn]
}

run "pools_and_asg_name" {
  command = plan
  variables {
    pools = { other = { installation_id = "other" } }
  }
  expect_failures = [aws_lambda_function.list_runners]
}

run "neither_pools_nor_asg_name" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
  }
  expect_failures = [aws_lambda_function.list_runners]
}

run "asg_name_without_installation_id" {
  command = plan
  variables {
    installation_id = null
  }
  expect_failures = [aws_lambda_function.list_runners]
}

run "two_pools_one_label" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools = {
      small = { installation_id = "abc" }
      large = { installation_id = "ABC" }
    }
  }
  expect_failures = [var.pools]
}

run "pool_label_with_space" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools           = { small = { installation_id = "a b" } }
  }
  expect_failures = [var.pools]
}

# A CloudWatch dimension value must be ASCII without control characters and not blank (CloudWatch
# API Reference, Dimension), and all pools share one PutMetricData request.
run "pool_name_not_ascii" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools = {
      small        = { installation_id = "s" }
      "läufer-gpu" = { installation_id = "g" }
    }
  }
  expect_failures = [var.pools]
}

run "pool_name_blank" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools           = { "   " = { installation_id = "s" } }
  }
  expect_failures = [var.pools]
}

run "asg_name_not_ascii" {
  command = plan
  variables {
    asg_name = "runners-ü"
  }
  expect_failures = [var.asg_name]
}

run "asg_name_blank" {
  command = plan
  variables {
    asg_name = " "
  }
  expect_failures = [var.asg_name]
}

run "names_of_printable_ascii_pass" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools = {
      "runners small (eu-west-1) #1/a_b.c@d:e+f=g,h~" = { installation_id = "s" }
    }
  }
}

run "fifty_one_pools" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools           = { for i in range(51) : "p${i}" => { installation_id = "i${i}" } }
  }
  expect_failures = [var.pools]
}

run "pools_beyond_lambdas_4_kb_of_environment" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools           = { for i in range(48) : "github-actions-runners-production-pool-${i}" => { installation_id = "installation-${i}-0123456789abcdef" } }
  }
  expect_failures = [aws_lambda_function.list_runners]
}

run "pool_scale_factor_negative" {
  command = plan
  variables {
    asg_name        = null
    installation_id = null
    pools           = { small = { installation_id = "s", idle_scale_factor = -1 } }
  }
  expect_failures = [var.pools]
}

run "runner_group_zero" {
  command = plan
  variables {
    runner_group_id = 0
  }
  expect_failures = [var.runner_group_id]
}

run "list_runners_concurrency_zero" {
  command = plan
  variables {
    list_runners_concurrency = 0
  }
  expect_failures = [var.list_runners_concurrency]
}

run "list_runners_concurrency_eleven" {
  command = plan
  variables {
    list_runners_concurrency = 11
  }
  expect_failures = [var.list_runners_concurrency]
}

run "list_runners_concurrency_fraction" {
  command = plan
  variables {
    list_runners_concurrency = 2.5
  }
  expect_failures = [var.list_runners_concurrency]
}

run "api_budget_threshold_100" {
  command = plan
  variables {
    github_api_budget_threshold = 100
  }
  expect_failures = [var.github_api_budget_threshold]
}

run "registration_gap_zero_minutes" {
  command = plan
  variables {
    registration_gap_minutes = 0
  }
  expect_failures = [var.registration_gap_minutes]
}

run "idle_scale_factor_negative" {
  command = plan
  variables {
    idle_scale_factor = -0.5
  }
  expect_failures = [var.idle_scale_factor]
}

run "installation_id_too_long" {
  command = plan
  variables {
    installation_id = "i12345678901234567890123456789012345678901234567890123456789012345678901234567890123456"
  }
  expect_failures = [var.installation_id]
}

run "unknown_alert_strategy" {
  command = plan

  variables {
    alert_strategy = "every-error"
  }

  expect_failures = [var.alert_strategy]
}

run "existing_role_not_a_role_arn" {
  command = plan

  variables {
    existing_roles = {
      get_token = { arn = "arn:aws:iam::123456789012:policy/rm-get-token" }
    }
  }

  expect_failures = [var.existing_roles]
}

run "schedule_state_lowercase" {
  command = plan

  variables {
    schedule_state = "disabled"
  }

  expect_failures = [var.schedule_state]
}
