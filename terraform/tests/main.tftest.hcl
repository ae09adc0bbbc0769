# Plans the module against a mocked AWS provider (Terraform >= 1.7): `terraform test` in
# terraform/. No credentials and no built jars needed (the packages point at a placeholder
# file); the definition is the module's own templates/record-metric.asl.json.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "us-west-2"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  asg_name        = "runners"
  github_org_name = "acme"
  installation_id = "abc123"
  github_credentials = {
    type   = "token"
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
  }
  alarm_emails         = ["ops@example.com", "oncall@example.com"]
  get_token_package    = "tests/fixtures/placeholder.jar"
  list_runners_package = "tests/fixtures/placeholder.jar"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_lambda_function.get_token.handler == "dev.recordmetric.gettoken.GetTokenHandler::handleRequest"
    error_message = "GetToken's handler is not the contract's."
  }

  assert {
    condition     = aws_lambda_function.list_runners.handler == "dev.recordmetric.listrunners.ListRunnersHandler::handleRequest"
    error_message = "ListRunners' handler is not the contract's."
  }

  assert {
    condition     = aws_lambda_function.get_token.runtime == "java21" && aws_lambda_function.get_token.memory_size == 256 && aws_lambda_function.get_token.timeout == 30
    error_message = "GetToken's runtime, memory or timeout default changed."
  }

  assert {
    condition     = aws_lambda_function.list_runners.logging_config[0].log_format == "JSON"
    error_message = "ListRunners does not log JSON."
  }

  assert {
    condition     = aws_lambda_function.get_token.environment[0].variables["GITHUB_CREDENTIALS_TYPE"] == "token" && !contains(keys(aws_lambda_function.get_token.environment[0].variables), "GITHUB_APP_ID")
    error_message = "A token credential must not set GITHUB_APP_ID."
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["RUNNER_INSTALLATION_ID"] == "abc123" && aws_lambda_function.list_runners.environment[0].variables["GITHUB_API_URL"] == "https://api.github.com"
    error_message = "ListRunners' environment is wrong."
  }

  assert {
    condition     = aws_sfn_state_machine.this.type == "STANDARD" && aws_sfn_state_machine.this.name == "record-metric-runners"
    error_message = "The state machine's type or name default changed."
  }

  assert {
    condition     = aws_scheduler_schedule.this.flexible_time_window[0].mode == "OFF" && aws_scheduler_schedule.this.schedule_expression == "rate(1 minute)"
    error_message = "The schedule must run every minute without a flexible window."
  }

  assert {
    condition     = aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_event_age_in_seconds == 60
    error_message = "A start older than a minute is worthless."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.freshness.treat_missing_data == "breaching" && aws_cloudwatch_metric_alarm.freshness.dimensions["asg_name"] == "runners"
    error_message = "The freshness alarm must treat missing IdleRunners datapoints of this group as breaching."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.failure_rate.threshold == 10
    error_message = "The failure-rate threshold default changed."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 2
    error_message = "Every alarm email gets a subscription."
  }

  assert {
    condition     = length(aws_kms_key.this) == 1 && aws_kms_key.this[0].enable_key_rotation
    error_message = "Without kms_key_arn the module creates a rotating key."
  }

  assert {
    condition     = length(aws_lambda_alias.get_token) == 0 && !aws_lambda_function.get_token.publish
    error_message = "Without SnapStart nothing is published."
  }

  assert {
    condition     = output.metric_dimension.name == "asg_name" && output.metric_dimension.value == "runners" && output.metric_names.idle == "IdleRunners"
    error_message = "The metric outputs a scaling policy needs are wrong."
  }
}

run "github_app" {
  command = plan

  variables {
    github_credentials = {
      type   = "pem"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-app-AbCdEf"
    }
    github_app_id = "123456"
  }

  assert {
    condition     = aws_lambda_function.get_token.environment[0].variables["GITHUB_APP_ID"] == "123456"
    error_message = "A pem credential passes the App id to GetToken."
  }
}

run "github_app_without_app_id" {
  command = plan

  variables {
    github_credentials = {
      type   = "pem"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-app-AbCdEf"
    }
  }

  expect_failures = [aws_lambda_function.get_token]
}

run "express_with_snapstart_on_arm" {
  command = plan

  variables {
    state_machine_type = "EXPRESS"
    snapstart          = true
    architecture       = "arm64"
    java_runtime       = "java25"
  }

  assert {
    condition     = aws_sfn_state_machine.this.type == "EXPRESS"
    error_message = "state_machine_type is not applied."
  }

  assert {
    condition     = length(aws_lambda_alias.list_runners) == 1 && aws_lambda_function.list_runners.publish && aws_lambda_function.list_runners.snap_start[0].apply_on == "PublishedVersions"
    error_message = "SnapStart needs a published version behind an alias."
  }

  assert {
    condition     = aws_lambda_function.get_token.architectures[0] == "arm64" && aws_lambda_function.get_token.runtime == "java25"
    error_message = "architecture or java_runtime is not applied."
  }
}

run "existing_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_kms_key.this) == 0
    error_message = "With kms_key_arn no key is created."
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["TOKEN_KMS_KEY_ID"] == "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "The functions must use the given key."
  }
}
