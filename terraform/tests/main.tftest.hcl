# Plans the module against a mocked AWS provider (Terraform >= 1.7): `terraform test` in
# terraform/. No credentials and no built jars needed (the packages point at a placeholder
# file); the definition is the module's own templates/record-metric.asl.json. The mock keeps
# every argument the module sets and invents only what the provider computes, so these runs
# check arguments; the rendered policy documents are checked on a real plan (tests/test-real).

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
  alarm_emails         = ["ops@example.com", "oncall@example.com"]
  get_token_package    = { path = "tests/fixtures/placeholder.jar" }
  list_runners_package = { path = "tests/fixtures/placeholder.jar" }
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
    condition     = aws_lambda_function.get_token.runtime == "java21" && aws_lambda_function.get_token.memory_size == 1024 && aws_lambda_function.get_token.timeout == 30
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
    condition     = aws_lambda_function.list_runners.environment[0].variables["RUNNER_POOLS"] == "{\"runners\":\"abc123\"}" && aws_lambda_function.list_runners.environment[0].variables["GITHUB_API_URL"] == "https://api.github.com" && !contains(keys(aws_lambda_function.list_runners.environment[0].variables), "RUNNER_GROUP_ID") && !contains(keys(aws_lambda_function.list_runners.environment[0].variables), "RUNNER_INSTALLATION_ID")
    error_message = "ListRunners' environment is wrong."
  }

  assert {
    condition     = aws_lambda_function.get_token.filename == "tests/fixtures/placeholder.jar" && aws_lambda_function.get_token.source_code_hash == filebase64sha256("tests/fixtures/placeholder.jar") && aws_lambda_function.get_token.s3_bucket == null
    error_message = "A package given by path is deployed from that file, with its hash."
  }

  assert {
    condition     = length(aws_lambda_function.get_token.vpc_config) == 0
    error_message = "Without vpc_config the functions run outside any VPC."
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
    error_message = "A start older than one interval is worthless."
  }

  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.freshness) == ["runners"] && aws_cloudwatch_metric_alarm.freshness["runners"].alarm_name == "record-metric-runners-no-datapoints" && aws_cloudwatch_metric_alarm.freshness["runners"].treat_missing_data == "breaching" && aws_cloudwatch_metric_alarm.freshness["runners"].dimensions["asg_name"] == "runners" && aws_cloudwatch_metric_alarm.freshness["runners"].period == 60 && aws_cloudwatch_metric_alarm.freshness["runners"].evaluation_periods == 5
    error_message = "The freshness alarm must treat 5 missing one-minute IdleRunners datapoints of this group as breaching."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.failure_rate.threshold == 10 && one([for q in aws_cloudwatch_metric_alarm.failure_rate.metric_query : q.metric[0].period if q.id == "started"]) == 900
    error_message = "The failure-rate alarm looks at 15 runs (900 s at one a minute) with a threshold of 10 %."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 2 && length(aws_sns_topic.alarms) == 1
    error_message = "Every alarm email gets a subscription to the module's topic."
  }

  assert {
    condition     = length(aws_kms_key.this) == 1 && aws_kms_key.this[0].enable_key_rotation
    error_message = "Without kms_key the module creates a rotating key."
  }

  assert {
    condition     = length(aws_lambda_alias.get_token) == 0 && !aws_lambda_function.get_token.publish
    error_message = "Without SnapStart nothing is published."
  }

  assert {
    condition     = output.metric_dimension.name == "asg_name" && output.metric_dimension.value == "runners" && output.metric_names.idle == "IdleRunners" && output.metric_names.offline == "OfflineRunners" && output.metric_names.uncertainty == "RunnerCountUncertainty"
    error_message = "The metric outputs a scaling policy needs are wrong."
  }

  assert {
    condition     = output.pools["runners"].scaling_expression == "(busy + 2) / in_service" && [for q in output.scaling_metric_queries["runners"] : q.id] == ["busy", "in_service", "wanted_per_instance"] && output.scaling_metric_queries["runners"][1].metric_stat.dimensions == [{ name = "AutoScalingGroupName", value = "runners" }]
    error_message = "By default the scaling queries keep exactly 2 idle runners: (busy + 2) / GroupInServiceInstances of this group."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.github_api_budget.threshold == 20 && aws_cloudwatch_metric_alarm.github_api_budget.comparison_operator == "LessThanThreshold" && one([for q in aws_cloudwatch_metric_alarm.github_api_budget.metric_query : q.expression if q.return_data]) == "100 * remaining / limit" && one([for q in aws_cloudwatch_metric_alarm.github_api_budget.metric_query : q.metric[0].dimensions["state_machine"] if q.id == "remaining"]) == "record-metric-runners" && output.api_budget_dimension == { name = "state_machine", value = "record-metric-runners" }
    error_message = "The API budget alarm fires under 20 % of the limit, on GitHubApiRemaining / GitHubApiLimit of this state machine."
  }

  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.registration_gap) == ["runners"] && aws_cloudwatch_metric_alarm.registration_gap["runners"].alarm_name == "record-metric-runners-registration-gap" && aws_cloudwatch_metric_alarm.registration_gap["runners"].evaluation_periods == 10 && aws_cloudwatch_metric_alarm.registration_gap["runners"].datapoints_to_alarm == 10 && aws_cloudwatch_metric_alarm.registration_gap["runners"].comparison_operator == "GreaterThanThreshold" && aws_cloudwatch_metric_alarm.registration_gap["runners"].threshold == 0 && one([for q in aws_cloudwatch_metric_alarm.registration_gap["runners"].metric_query : q.expression if q.return_data]) == "in_service - (busy + idle)" && one([for q in aws_cloudwatch_metric_alarm.registration_gap["runners"].metric_query : q.metric[0].dimensions["AutoScalingGroupName"] if q.id == "in_service"]) == "runners"
    error_message = "The registration-gap alarm fires when GroupInServiceInstances - (BusyRunners + IdleRunners) > 0 for 10 one-minute periods."
  }

  assert {
    condition     = output.lambda_name == "record-metric-runners-list-runners"
    error_message = "The original module's lambda_name output names ListRunners."
  }

  assert {
    condition     = length(aws_cloudwatch_dashboard.this) == 1 && output.dashboard_name == "record-metric-runners-us-west-2"
    error_message = "The dashboard is created by default and its account-wide name carries the region."
  }

  assert {
    condition     = aws_cloudwatch_log_group.get_token.kms_key_id == null && aws_iam_role.get_token[0].path == "/" && aws_iam_role.get_token[0].permissions_boundary == null
    error_message = "Log group key, IAM path and permissions boundary defaults changed."
  }
}

run "names_are_unique_per_region_and_group" {
  command = plan

  assert {
    condition = [aws_iam_role.get_token[0].name, aws_iam_role.list_runners[0].name, aws_iam_role.state_machine[0].name, aws_iam_role.scheduler[0].name] == [
      "record-metric-runners-get-token-us-west-2",
      "record-metric-runners-list-runners-us-west-2",
      "record-metric-runners-state-machine-us-west-2",
      "record-metric-runners-scheduler-us-west-2",
    ]
    error_message = "IAM role names are global to the account: each carries the region."
  }

  assert {
    condition     = aws_scheduler_schedule_group.this.name == "record-metric-runners" && aws_scheduler_schedule.this.group_name == "record-metric-runners"
    error_message = "The schedule lives in the module's own group."
  }
}

run "same_group_in_another_region" {
  command = plan

  override_data {
    target = data.aws_service.states
    values = {
      region = "eu-central-1"
    }
  }

  assert {
    condition     = aws_iam_role.get_token[0].name == "record-metric-runners-get-token-eu-central-1" && output.dashboard_name == "record-metric-runners-eu-central-1"
    error_message = "The same group in another region must get other role and dashboard names."
  }
}

run "long_group_name_a" {
  command = plan

  variables {
    asg_name = "github-actions-runners-production-x86-large-a"
  }

  assert {
    condition     = local.name == "record-metric-github-actions-ru-${substr(sha256("github-actions-runners-production-x86-large-a"), 0, 8)}" && length(local.name) == 40
    error_message = "A name longer than 40 characters is cut to 31 and gets 8 hex digits of the group's hash."
  }

  assert {
    condition     = alltrue([for n in [aws_iam_role.get_token[0].name, aws_iam_role.list_runners[0].name, aws_iam_role.state_machine[0].name, aws_iam_role.scheduler[0].name] : length(n) <= 64])
    error_message = "IAM role names must stay within 64 characters."
  }

}

run "long_group_name_in_a_long_region" {
  command = plan

  override_data {
    target = data.aws_service.states
    values = {
      region = "ap-southeast-2"
    }
  }

  variables {
    asg_name = "github-actions-runners-production-x86-large-a"
  }

  assert {
    condition     = aws_iam_role.state_machine[0].name == "${substr("${local.name}-state-machine-ap-southeast-2", 0, 55)}-${substr(sha256("${local.name}-state-machine-ap-southeast-2"), 0, 8)}" && length(aws_iam_role.state_machine[0].name) == 64
    error_message = "A role name too long with its region is cut to 64 and ends in a hash of the whole."
  }
}

run "long_group_name_b_shares_the_prefix" {
  command = plan

  variables {
    asg_name = "github-actions-runners-production-x86-large-b"
  }

  assert {
    condition     = local.name == "record-metric-github-actions-ru-${substr(sha256("github-actions-runners-production-x86-large-b"), 0, 8)}" && substr(sha256("github-actions-runners-production-x86-large-a"), 0, 8) != substr(sha256("github-actions-runners-production-x86-large-b"), 0, 8)
    error_message = "Two groups sharing a long prefix must not share a name."
  }
}

run "group_name_with_characters_a_name_cannot_hold" {
  command = plan

  variables {
    asg_name = "runners.large"
  }

  assert {
    condition     = local.name == "record-metric-runners-large-${substr(sha256("runners.large"), 0, 8)}"
    error_message = "runners.large and runners-large must not share a name: a replaced character adds the hash."
  }
}

run "explicit_name" {
  command = plan

  variables {
    name = "rm-fleet"
  }

  assert {
    condition     = aws_lambda_function.get_token.function_name == "rm-fleet-get-token" && aws_sfn_state_machine.this.name == "rm-fleet" && aws_iam_role.scheduler[0].name == "rm-fleet-scheduler-us-west-2"
    error_message = "name is the base of every name."
  }
}

run "scheduler_trusts_only_its_own_group" {
  command = plan

  assert {
    condition = flatten([
      for s in data.aws_iam_policy_document.scheduler_assume_role.statement : [
        for c in s.condition : c.values if c.variable == "aws:SourceArn"
      ]
    ]) == ["arn:aws:scheduler:us-west-2:123456789012:schedule-group/record-metric-runners"]
    error_message = "The scheduler role's trust must name the module's schedule group, and only it."
  }
}

run "partial_secret_arn" {
  command = plan

  variables {
    github_credentials = {
      type   = "token"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-token"
    }
  }

  assert {
    condition = one([
      for s in data.aws_iam_policy_document.get_token.statement : s.resources if s.sid == "ReadTheGitHubCredentials"
      ]) == toset([
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-token",
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-token-??????",
    ])
    error_message = "A partial secret ARN is granted with its six-character suffix wildcard."
  }

  assert {
    condition     = aws_lambda_function.get_token.environment[0].variables["GITHUB_CREDENTIALS_SECRET_ARN"] == "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-token"
    error_message = "GetToken reads the secret by the ARN given (Secrets Manager accepts a partial ARN)."
  }
}

run "secret_in_another_region_with_its_own_key" {
  command = plan

  variables {
    github_credentials = {
      type   = "token"
      secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-AbCdEf"
    }
    github_credentials_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-3333-4444-555555555555"
  }

  assert {
    condition = flatten([
      for s in data.aws_iam_policy_document.get_token.statement : [
        for c in s.condition : c.values if c.variable == "kms:ViaService"
      ]
    ]) == ["secretsmanager.eu-west-1.amazonaws.com"]
    error_message = "kms:ViaService names Secrets Manager in the secret's region, with the partition's DNS suffix."
  }
}

run "china_partition" {
  command = plan

  override_data {
    target = data.aws_partition.current
    values = {
      partition  = "aws-cn"
      dns_suffix = "amazonaws.com.cn"
    }
  }

  override_data {
    target = data.aws_service.states
    values = {
      region = "cn-north-1"
    }
  }

  variables {
    github_credentials = {
      type   = "token"
      secret = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:github-AbCdEf"
    }
    github_credentials_kms_key_arn = "arn:aws-cn:kms:cn-north-1:123456789012:key/22222222-2222-3333-4444-555555555555"
  }

  assert {
    condition     = local.state_machine_arn == "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:record-metric-runners" && local.role_arns.get_token_role == "arn:aws-cn:iam::123456789012:role/record-metric-runners-get-token-cn-north-1"
    error_message = "Every ARN the module builds carries the partition."
  }

  assert {
    condition = flatten([
      for s in data.aws_iam_policy_document.get_token.statement : [
        for c in s.condition : c.values if c.variable == "kms:ViaService"
      ]
    ]) == ["secretsmanager.cn-north-1.amazonaws.com.cn"]
    error_message = "kms:ViaService uses the partition's DNS suffix."
  }
}

run "key_policy_denies_everyone_but_the_two_roles" {
  command = plan

  assert {
    condition = [
      for s in data.aws_iam_policy_document.kms_key[0].statement : [s.sid, s.effect, one([for c in s.condition : one(c.values) if c.variable == "aws:PrincipalArn"])]
      if s.effect == "Deny"
      ] == [
      ["OnlyListRunnersDecrypts", "Deny", "arn:aws:iam::123456789012:role/record-metric-runners-list-runners-us-west-2"],
      ["OnlyGetTokenEncrypts", "Deny", "arn:aws:iam::123456789012:role/record-metric-runners-get-token-us-west-2"],
      ["NobodyReEncryptsFromThisKey", "Deny", null],
    ]
    error_message = "The key policy must deny decrypting to all but ListRunners, encrypting to all but GetToken, and ReEncryptFrom to all."
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

  # java25 is not in provider 5.x's list of Lambda runtimes (5.100.0 rejects it): the runtime is
  # left at java21 here so that this runs on 5.x; java_runtime is checked in "python_version_is_ignored".
  variables {
    state_machine_type = "EXPRESS"
    snapstart          = true
    architecture       = "arm64"
  }

  assert {
    condition     = aws_sfn_state_machine.this.type == "EXPRESS" && local.execution_arn_pattern == "arn:aws:states:us-west-2:123456789012:express:record-metric-runners:*"
    error_message = "state_machine_type is not applied, or the token's encryption context does not follow it."
  }

  assert {
    condition     = length(aws_lambda_alias.list_runners) == 1 && aws_lambda_function.list_runners.publish && aws_lambda_function.list_runners.snap_start[0].apply_on == "PublishedVersions"
    error_message = "SnapStart needs a published version behind an alias."
  }

  assert {
    condition     = aws_lambda_function.get_token.architectures[0] == "arm64"
    error_message = "architecture is not applied."
  }
}

run "existing_key" {
  command = plan

  variables {
    kms_key = { arn = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555" }
  }

  assert {
    condition     = length(aws_kms_key.this) == 0 && length(aws_kms_alias.this) == 0
    error_message = "With kms_key no key is created."
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["TOKEN_KMS_KEY_ID"] == "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "The functions must use the given key."
  }
}

run "python_version_is_ignored" {
  command = plan

  variables {
    python_version = "python3.12"
  }

  assert {
    condition     = aws_lambda_function.get_token.runtime == "java21" && aws_lambda_function.list_runners.runtime == "java21"
    error_message = "python_version is accepted and changes nothing."
  }
}

run "every_five_minutes" {
  command = plan

  variables {
    schedule_expression = "rate(5 minutes)"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.freshness["runners"].period == 300 && aws_cloudwatch_metric_alarm.freshness["runners"].evaluation_periods == 5 && one([for q in aws_cloudwatch_metric_alarm.registration_gap["runners"].metric_query : q.metric[0].period if q.id == "busy"]) == 300 && aws_cloudwatch_metric_alarm.registration_gap["runners"].evaluation_periods == 2
    error_message = "The freshness and registration-gap alarms' period is the schedule's interval (10 minutes: 2 periods)."
  }

  assert {
    condition     = one([for q in aws_cloudwatch_metric_alarm.failure_rate.metric_query : q.metric[0].period if q.id == "failed"]) == 4500
    error_message = "The failure-rate alarm looks at 15 runs: 75 minutes at one run every 5."
  }

  assert {
    condition     = aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_event_age_in_seconds == 300
    error_message = "Scheduler retries a start for at most one interval."
  }
}

run "every_hour" {
  command = plan

  variables {
    schedule_expression = "rate(60 minutes)"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.freshness["runners"].period == 3600 && aws_cloudwatch_metric_alarm.registration_gap["runners"].evaluation_periods == 1 && one([for q in aws_cloudwatch_metric_alarm.failure_rate.metric_query : q.metric[0].period if q.id == "started"]) == 54000
    error_message = "At one run an hour, periods of 1 h and 15 h (within CloudWatch's one day)."
  }
}

run "dead_letters_alarm_on_arrivals" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.dead_letters.metric_name == "NumberOfMessagesSent" && aws_cloudwatch_metric_alarm.dead_letters.statistic == "Sum" && aws_cloudwatch_metric_alarm.dead_letters.comparison_operator == "GreaterThanThreshold" && aws_cloudwatch_metric_alarm.dead_letters.threshold == 0
    error_message = "The dead-letter alarm fires on messages arriving (NumberOfMessagesSent, Sum > 0), not on messages present."
  }
}

run "existing_topics_only" {
  command = plan

  variables {
    alarm_emails     = []
    alarm_topic_arns = ["arn:aws:sns:us-west-2:123456789012:oncall"]
  }

  assert {
    condition     = length(aws_sns_topic.alarms) == 0 && output.sns_topic_arn == null
    error_message = "Without alarm_emails no topic is created."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.freshness["runners"].alarm_actions == toset(["arn:aws:sns:us-west-2:123456789012:oncall"]) && aws_cloudwatch_metric_alarm.dead_letters.ok_actions == toset(["arn:aws:sns:us-west-2:123456789012:oncall"])
    error_message = "The alarms notify the given topics."
  }
}

run "emails_and_topics" {
  command = plan

  variables {
    alarm_topic_arns = ["arn:aws:sns:us-west-2:123456789012:oncall"]
  }

  assert {
    condition     = length(local.alarm_actions) == 2 && local.alarm_actions[1] == "arn:aws:sns:us-west-2:123456789012:oncall"
    error_message = "The alarms notify both the module's topic and the given ones."
  }
}

run "no_dashboard" {
  command = plan

  variables {
    create_dashboard = false
  }

  assert {
    condition     = length(aws_cloudwatch_dashboard.this) == 0 && output.dashboard_name == null
    error_message = "create_dashboard = false creates no dashboard."
  }
}

run "platform_settings" {
  command = plan

  variables {
    iam_path                         = "/record-metric/"
    permissions_boundary             = "arn:aws:iam::123456789012:policy/boundary"
    cloudwatch_log_group_kms_key_arn = "arn:aws:kms:us-west-2:123456789012:key/33333333-2222-3333-4444-555555555555"
    vpc_config = {
      subnet_ids         = ["subnet-0123456789abcdef0"]
      security_group_ids = ["sg-0123456789abcdef0"]
    }
  }

  assert {
    condition     = alltrue([for r in [aws_iam_role.get_token[0], aws_iam_role.list_runners[0], aws_iam_role.state_machine[0], aws_iam_role.scheduler[0]] : r.path == "/record-metric/" && r.permissions_boundary == "arn:aws:iam::123456789012:policy/boundary"])
    error_message = "Every role gets the path and the permissions boundary."
  }

  assert {
    condition     = local.role_arns.get_token_role == "arn:aws:iam::123456789012:role/record-metric/record-metric-runners-get-token-us-west-2"
    error_message = "The role ARNs the policies name carry the path."
  }

  assert {
    condition     = alltrue([for g in [aws_cloudwatch_log_group.get_token, aws_cloudwatch_log_group.list_runners, aws_cloudwatch_log_group.state_machine] : g.kms_key_id == "arn:aws:kms:us-west-2:123456789012:key/33333333-2222-3333-4444-555555555555"])
    error_message = "The three log groups are encrypted with the given key."
  }

  assert {
    condition     = aws_lambda_function.list_runners.vpc_config[0].subnet_ids == toset(["subnet-0123456789abcdef0"]) && aws_lambda_function.get_token.vpc_config[0].security_group_ids == toset(["sg-0123456789abcdef0"])
    error_message = "Both functions run in the given subnets and security groups."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.vpc_access[0].statement : s.resources if s.sid == "ManageItsNetworkInterfaces"]) == toset(["arn:aws:ec2:us-west-2:123456789012:network-interface/*"])
    error_message = "The network-interface permissions are scoped to this account and region."
  }

  assert {
    condition = { for s in data.aws_iam_policy_document.vpc_access[0].statement : s.sid => s.resources if s.sid != "ManageItsNetworkInterfaces" && s.sid != "DescribeItsNetwork" } == {
      CreateThemInTheConfiguredNetwork0 = toset(["arn:aws:ec2:us-west-2:*:subnet/subnet-0123456789abcdef0"])
      CreateThemInTheConfiguredNetwork1 = toset(["arn:aws:ec2:us-west-2:*:security-group/sg-0123456789abcdef0"])
    }
    error_message = "Creating an interface is granted only in the subnets and security groups of vpc_config."
  }

  assert {
    condition     = alltrue([for d in [data.aws_iam_policy_document.get_token, data.aws_iam_policy_document.list_runners] : length(d.source_policy_documents) == 1 && d.source_policy_documents[0] == data.aws_iam_policy_document.vpc_access[0].json])
    error_message = "Both functions' policies carry the network-interface statements."
  }
}

run "package_from_s3" {
  command = plan

  variables {
    get_token_package = {
      s3_bucket         = "artifacts"
      s3_key            = "record-metric/1.0.0/get-token.jar"
      s3_object_version = "3HL4kqtJlcpXroDTDmJ"
    }
  }

  assert {
    condition     = aws_lambda_function.get_token.s3_bucket == "artifacts" && aws_lambda_function.get_token.s3_key == "record-metric/1.0.0/get-token.jar" && aws_lambda_function.get_token.s3_object_version == "3HL4kqtJlcpXroDTDmJ" && aws_lambda_function.get_token.filename == null
    error_message = "A package given as an S3 object is deployed from it, with no local file."
  }
}

run "bundled_package_missing" {
  command = plan

  # {} is packages/get-token.jar inside the module, which a checkout does not have.
  variables {
    get_token_package = {}
  }

  expect_failures = [aws_lambda_function.get_token]
}

run "null_means_the_default" {
  command = plan

  # nullable = false: a caller passing null (e.g. from an optional attribute of its own) gets
  # the default instead of a null argument.
  variables {
    lambda_memory_size = null
    tags               = null
  }

  assert {
    condition     = aws_lambda_function.list_runners.memory_size == 1024 && length(aws_sqs_queue.dead_letter.tags) == 0
    error_message = "null for an input with a default must mean the default."
  }
}

run "pools" {
  command = plan

  variables {
    asg_name        = null
    installation_id = null
    pools = {
      "runners-small" = { installation_id = "small" }
      "runners-large" = { installation_id = "large", idle_runners = 1, idle_scale_factor = 0.25 }
    }
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["RUNNER_POOLS"] == "{\"runners-large\":\"large\",\"runners-small\":\"small\"}"
    error_message = "ListRunners gets every pool in RUNNER_POOLS, group name to installation id."
  }

  assert {
    condition     = aws_sfn_state_machine.this.name == "record-metric-acme" && output.api_budget_dimension.value == "record-metric-acme"
    error_message = "Several pools are named after the organization: one deployment per organization."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.freshness["runners-small"].alarm_name == "record-metric-acme-no-datapoints-runners-small" && aws_cloudwatch_metric_alarm.freshness["runners-large"].dimensions["asg_name"] == "runners-large" && length(aws_cloudwatch_metric_alarm.registration_gap) == 2 && aws_cloudwatch_metric_alarm.registration_gap["runners-large"].alarm_name == "record-metric-acme-registration-gap-runners-large"
    error_message = "Each pool gets its own freshness and registration-gap alarm, named after it."
  }

  assert {
    condition     = output.pools["runners-large"].scaling_expression == "(busy + IF(CEIL(0.25 * busy) > 1, CEIL(0.25 * busy), 1)) / in_service" && output.pools["runners-small"].scaling_expression == "(busy + 2) / in_service" && output.pools["runners-large"].label == "installation_id:large"
    error_message = "A pool with idle_scale_factor keeps max(N, ceil(f x busy)) idle runners; the others the module's N."
  }

  assert {
    condition     = length(local.pool_widgets) == 4 && local.pool_widgets[0].properties.title == "Runners of runners-large" && local.pool_widgets[2].y == 6 && local.pool_widgets[3].properties.title == "Utilization of runners-small (busy / online, %)" && local.deployment_row == 12
    error_message = "The dashboard has a row per pool (runners, utilization) and the deployment's row."
  }

  assert {
    condition     = output.metric_dimension.value == null && keys(output.alarm_arns.freshness) == ["runners-large", "runners-small"]
    error_message = "With several pools the one-pool dimension output is null and the alarms are per pool."
  }
}

run "one_pool_in_pools_is_the_single_group" {
  command = plan

  variables {
    asg_name        = null
    installation_id = null
    pools           = { runners = { installation_id = "abc123" } }
  }

  assert {
    condition     = aws_sfn_state_machine.this.name == "record-metric-runners" && aws_cloudwatch_metric_alarm.freshness["runners"].alarm_name == "record-metric-runners-no-datapoints" && output.metric_dimension.value == "runners"
    error_message = "pools with one pool names everything as asg_name with installation_id does."
  }
}

run "runner_group_and_no_registration_gap_alarm" {
  command = plan

  variables {
    runner_group_id        = 42
    registration_gap_alarm = false
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["RUNNER_GROUP_ID"] == "42" && length(aws_cloudwatch_metric_alarm.registration_gap) == 0 && output.alarm_arns.registration_gap == {}
    error_message = "runner_group_id reaches ListRunners; registration_gap_alarm = false creates no registration-gap alarm."
  }
}

run "list_runners_concurrency_reaches_list_runners" {
  command = plan

  variables {
    list_runners_concurrency = 2
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["LIST_RUNNERS_CONCURRENCY"] == "2"
    error_message = "list_runners_concurrency reaches ListRunners as LIST_RUNNERS_CONCURRENCY."
  }
}

run "scaled_idle_capacity_for_the_single_group" {
  command = plan

  variables {
    idle_runners      = 3
    idle_scale_factor = 0.2
  }

  assert {
    condition     = output.scaling_metric_queries["runners"][2].expression == "(busy + IF(CEIL(0.2 * busy) > 3, CEIL(0.2 * busy), 3)) / in_service" && output.scaling_metric_queries["runners"][2].return_data && output.scaling_metric_queries["runners"][2].metric_stat == null
    error_message = "idle_runners and idle_scale_factor make the single group's scaling expression."
  }
}
