# The job ledger (job_events, issue 19) against a mocked AWS provider (Terraform >= 1.7:
# `terraform test` in terraform/): off by default, every resource and setting when on, the
# least-privilege documents statement by statement, and each invalid input refused.

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
  job_events_package   = { path = "tests/fixtures/placeholder.jar" }
}

run "off_by_default_creates_nothing_and_changes_nothing" {
  command = plan

  # job_events_package given (a placeholder) but job_events not: nothing of the ledger.
  assert {
    condition = alltrue([for n in [
      length(aws_dynamodb_table.job_ledger), length(aws_lambda_function.receive_job_events), length(aws_lambda_function.repair_job_ledger),
      length(aws_lambda_function_url.receive_job_events), length(aws_lambda_permission.receive_job_events_url), length(aws_lambda_permission.receive_job_events_invoke),
      length(aws_cloudwatch_log_group.receive_job_events), length(aws_cloudwatch_log_group.repair_job_ledger), length(aws_cloudwatch_log_group.repair_state_machine),
      length(aws_cloudwatch_log_metric_filter.rejected_signatures), length(aws_sfn_state_machine.repair_job_ledger), length(aws_scheduler_schedule.repair_job_ledger),
      length(aws_iam_role.receive_job_events), length(aws_iam_role.repair_job_ledger), length(aws_iam_role.repair_state_machine),
      length(aws_iam_role_policy.receive_job_events), length(aws_iam_role_policy.repair_job_ledger), length(aws_iam_role_policy.repair_state_machine),
      length(aws_cloudwatch_metric_alarm.receive_job_events_errors), length(aws_cloudwatch_metric_alarm.rejected_signatures), length(aws_cloudwatch_metric_alarm.repairs_failing),
    ] : n == 0])
    error_message = "Without job_events no resource of the job ledger may be planned."
  }

  assert {
    condition     = output.webhook_url == null && output.webhook_settings == null && output.job_ledger_table_name == null && output.job_ledger_table_arn == null && output.repair_state_machine_arn == null && output.job_events_function_names == null
    error_message = "Without job_events the ledger's outputs are null."
  }

  assert {
    condition     = keys(output.role_policies) == ["get_token", "list_runners", "scheduler", "state_machine"] && keys(output.cloudwatch_log_group_names) == ["get_token", "list_runners", "state_machine"] && !contains(keys(output.alarm_arns), "rejected_signatures")
    error_message = "Without job_events the maps of roles, log groups and alarms hold what they held before."
  }

  # The documents job_events extends are exactly as before.
  assert {
    condition     = flatten([for s in data.aws_iam_policy_document.get_token.statement : [for c in s.condition : c.values if c.variable == "kms:EncryptionContext:execution_arn"]]) == ["arn:aws:states:us-west-2:123456789012:execution:record-metric-runners:*"]
    error_message = "Without job_events GetToken seals for the state machine's executions only."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.scheduler.statement : s.sid] == ["StartThisStateMachine", "DeadLetterUndeliveredStarts"] && one([for s in data.aws_iam_policy_document.scheduler.statement : s.resources if s.sid == "StartThisStateMachine"]) == toset(["arn:aws:states:us-west-2:123456789012:stateMachine:record-metric-runners"])
    error_message = "Without job_events the schedule's role starts the state machine only."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.kms_key[0].statement : s.sid] == ["AccountAdministersTheKey", "GetTokenSealsForAnExecution", "ListRunnersUnsealsForAnExecution", "OnlyListRunnersDecrypts", "OnlyGetTokenEncrypts", "NobodyReEncryptsFromThisKey"] && flatten([for s in data.aws_iam_policy_document.kms_key[0].statement : [for c in s.condition : c.values if c.variable == "aws:PrincipalArn"] if s.sid == "OnlyListRunnersDecrypts"]) == ["arn:aws:iam::123456789012:role/record-metric-runners-list-runners-us-west-2"]
    error_message = "Without job_events the key policy is the one before."
  }

  assert {
    condition     = length(aws_cloudwatch_dashboard.this) == 1 && length(local.job_events_widgets) == 0
    error_message = "Without job_events the dashboard has no ledger row."
  }
}

run "on_with_an_organization_hook" {
  command = plan

  variables {
    alarm_emails     = []
    alarm_topic_arns = ["arn:aws:sns:us-west-2:123456789012:oncall"]
    job_events = {
      webhook_secret       = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      organization_hook_id = 123456789
    }
  }

  # The mocked provider leaves the indexes' computed attributes (throughputs) unknown at plan, which
  # makes the set of indexes impossible to filter by name: generated values instead.
  override_resource {
    target          = aws_dynamodb_table.job_ledger
    override_during = plan
  }

  assert {
    condition = (aws_dynamodb_table.job_ledger[0].name == "record-metric-runners-job-ledger" && aws_dynamodb_table.job_ledger[0].billing_mode == "PAY_PER_REQUEST"
      && aws_dynamodb_table.job_ledger[0].hash_key == "pk" && aws_dynamodb_table.job_ledger[0].range_key == null
    && aws_dynamodb_table.job_ledger[0].attribute == toset([{ name = "pk", type = "S" }, { name = "open_status", type = "S" }, { name = "checked_at", type = "N" }, { name = "started_hour", type = "S" }, { name = "started_at", type = "S" }]))
    error_message = "The ledger is on demand, keyed by pk (S), with the indexes' attributes open_status (S), checked_at (N), started_hour (S) and started_at (S)."
  }

  assert {
    condition = (length(aws_dynamodb_table.job_ledger[0].global_secondary_index) == 2
      && one([for i in aws_dynamodb_table.job_ledger[0].global_secondary_index : i if i.name == "open-jobs"]).hash_key == "open_status"
      && one([for i in aws_dynamodb_table.job_ledger[0].global_secondary_index : i if i.name == "open-jobs"]).range_key == "checked_at"
    && one([for i in aws_dynamodb_table.job_ledger[0].global_secondary_index : i if i.name == "open-jobs"]).projection_type == "ALL")
    error_message = "The global secondary index open-jobs is open_status / checked_at, projection ALL (the contract)."
  }

  assert {
    condition = (one([for i in aws_dynamodb_table.job_ledger[0].global_secondary_index : i if i.name == "job-starts"]).hash_key == "started_hour"
      && one([for i in aws_dynamodb_table.job_ledger[0].global_secondary_index : i if i.name == "job-starts"]).range_key == "started_at"
    && one([for i in aws_dynamodb_table.job_ledger[0].global_secondary_index : i if i.name == "job-starts"]).projection_type == "ALL")
    error_message = "The global secondary index job-starts is started_hour / started_at, projection ALL (the contract)."
  }

  assert {
    condition     = aws_dynamodb_table.job_ledger[0].ttl[0].attribute_name == "expires_at" && aws_dynamodb_table.job_ledger[0].ttl[0].enabled && !aws_dynamodb_table.job_ledger[0].point_in_time_recovery[0].enabled && length(aws_dynamodb_table.job_ledger[0].server_side_encryption) == 0
    error_message = "TTL on expires_at; no point-in-time recovery; encrypted with DynamoDB's AWS owned key (no server_side_encryption block)."
  }

  assert {
    condition = (aws_lambda_function.receive_job_events[0].handler == "dev.recordmetric.jobevents.ReceiveJobEventsHandler::handleRequest"
      && aws_lambda_function.repair_job_ledger[0].handler == "dev.recordmetric.jobevents.RepairJobLedgerHandler::handleRequest"
      && aws_lambda_function.receive_job_events[0].filename == "tests/fixtures/placeholder.jar" && aws_lambda_function.repair_job_ledger[0].filename == "tests/fixtures/placeholder.jar"
    && aws_lambda_function.receive_job_events[0].source_code_hash == filebase64sha256("tests/fixtures/placeholder.jar"))
    error_message = "Both functions run the one job-events jar with the contract's handlers."
  }

  assert {
    condition     = aws_lambda_function.receive_job_events[0].reserved_concurrent_executions == 10 && aws_lambda_function.receive_job_events[0].memory_size == 1024 && aws_lambda_function.receive_job_events[0].timeout == 10 && aws_lambda_function.receive_job_events[0].logging_config[0].log_format == "JSON"
    error_message = "The receiver: 10 reserved instances, the module's 1024 MB, GitHub's 10 s, JSON logs."
  }

  assert {
    condition = jsonencode(aws_lambda_function.receive_job_events[0].environment[0].variables) == jsonencode({
      WEBHOOK_SECRET_ARN            = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      JOB_LEDGER_TABLE              = "record-metric-runners-job-ledger"
      COMPLETED_JOB_RETENTION_HOURS = "24"
      OPEN_JOB_RETENTION_HOURS      = "168"
    })
    error_message = "The receiver's environment is the contract's: the secret's ARN (never the secret), the table, the retentions."
  }

  assert {
    condition = jsonencode({ for k, v in aws_lambda_function.repair_job_ledger[0].environment[0].variables : k => v if k != "TOKEN_KMS_KEY_ID" }) == jsonencode({
      JOB_LEDGER_TABLE              = "record-metric-runners-job-ledger"
      GITHUB_API_URL                = "https://api.github.com"
      GITHUB_ORG                    = "acme"
      WEBHOOK_HOOK                  = "organization:123456789"
      REDELIVERY_PAGES_PER_RUN      = "3"
      REDELIVERIES_PER_RUN          = "20"
      STALE_JOB_SECONDS             = "600"
      RECONCILIATIONS_PER_RUN       = "20"
      METRIC_NAMESPACE              = "GitHubRunners"
      COMPLETED_JOB_RETENTION_HOURS = "24"
      OPEN_JOB_RETENTION_HOURS      = "168"
    }) && contains(keys(aws_lambda_function.repair_job_ledger[0].environment[0].variables), "TOKEN_KMS_KEY_ID")
    error_message = "The repair function's environment is the contract's, with the organization hook and the defaults."
  }

  assert {
    condition     = coalesce(aws_lambda_function.repair_job_ledger[0].reserved_concurrent_executions, -1) == -1 && aws_lambda_function.repair_job_ledger[0].timeout == 30 && aws_lambda_function.repair_job_ledger[0].memory_size == 1024
    error_message = "The repair function has no reserved concurrency and the module's timeout and memory."
  }

  assert {
    condition     = aws_lambda_function_url.receive_job_events[0].authorization_type == "NONE" && aws_lambda_function_url.receive_job_events[0].function_name == "record-metric-runners-receive-job-events" && aws_lambda_function_url.receive_job_events[0].qualifier == null
    error_message = "The webhook's URL: auth type NONE (GitHub cannot sign with SigV4), on the unqualified function."
  }

  assert {
    condition = (aws_lambda_permission.receive_job_events_url[0].action == "lambda:InvokeFunctionUrl" && aws_lambda_permission.receive_job_events_url[0].principal == "*" && aws_lambda_permission.receive_job_events_url[0].function_url_auth_type == "NONE"
    && aws_lambda_permission.receive_job_events_invoke[0].action == "lambda:InvokeFunction" && aws_lambda_permission.receive_job_events_invoke[0].principal == "*" && aws_lambda_permission.receive_job_events_invoke[0].function_name == "record-metric-runners-receive-job-events")
    error_message = "A public function URL needs lambda:InvokeFunctionUrl (auth type NONE) and, since October 2025, lambda:InvokeFunction."
  }

  assert {
    condition     = aws_cloudwatch_log_metric_filter.rejected_signatures[0].pattern == "{ $.outcome = \"rejected-signature\" }" && aws_cloudwatch_log_metric_filter.rejected_signatures[0].log_group_name == "/aws/lambda/record-metric-runners-receive-job-events" && aws_cloudwatch_log_metric_filter.rejected_signatures[0].metric_transformation[0].namespace == "GitHubRunners/record-metric-runners" && aws_cloudwatch_log_metric_filter.rejected_signatures[0].metric_transformation[0].value == "1"
    error_message = "The filter counts the receiver's rejected-signature log lines, in this deployment's namespace."
  }

  assert {
    condition     = aws_cloudwatch_log_group.receive_job_events[0].name == "/aws/lambda/record-metric-runners-receive-job-events" && aws_cloudwatch_log_group.repair_job_ledger[0].name == "/aws/lambda/record-metric-runners-repair-job-ledger" && aws_cloudwatch_log_group.repair_state_machine[0].name == "/aws/vendedlogs/states/record-metric-runners-repair-job-ledger" && aws_cloudwatch_log_group.receive_job_events[0].retention_in_days == 365
    error_message = "Each function and the repair state machine log to a group of their own, kept as the module's."
  }

  assert {
    condition     = aws_sfn_state_machine.repair_job_ledger[0].name == "record-metric-runners-repair-job-ledger" && aws_sfn_state_machine.repair_job_ledger[0].type == "STANDARD" && aws_sfn_state_machine.repair_job_ledger[0].logging_configuration[0].level == "ERROR"
    error_message = "The repair state machine is named after the deployment and follows state_machine_type and the log level."
  }

  assert {
    condition     = !strcontains(aws_sfn_state_machine.repair_job_ledger[0].definition, "$${") && strcontains(aws_sfn_state_machine.repair_job_ledger[0].definition, "arn:aws:lambda:us-west-2:123456789012:function:record-metric-runners-repair-job-ledger") && strcontains(aws_sfn_state_machine.repair_job_ledger[0].definition, "arn:aws:lambda:us-west-2:123456789012:function:record-metric-runners-get-token")
    error_message = "The repair definition invokes this deployment's GetToken and RepairJobLedger, every placeholder filled."
  }

  assert {
    condition = (aws_scheduler_schedule.repair_job_ledger[0].schedule_expression == "rate(1 minute)" && aws_scheduler_schedule.repair_job_ledger[0].state == "ENABLED"
      && aws_scheduler_schedule.repair_job_ledger[0].group_name == "record-metric-runners" && aws_scheduler_schedule.repair_job_ledger[0].flexible_time_window[0].mode == "OFF"
    && aws_scheduler_schedule.repair_job_ledger[0].target[0].input == "{}" && aws_scheduler_schedule.repair_job_ledger[0].target[0].retry_policy[0].maximum_event_age_in_seconds == 60)
    error_message = "The repairs run on the main schedule's expression and state, in the module's schedule group."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.rejected_signatures[0].threshold == 10 && aws_cloudwatch_metric_alarm.rejected_signatures[0].period == 300 && aws_cloudwatch_metric_alarm.rejected_signatures[0].statistic == "Sum" && aws_cloudwatch_metric_alarm.rejected_signatures[0].comparison_operator == "GreaterThanOrEqualToThreshold" && aws_cloudwatch_metric_alarm.rejected_signatures[0].namespace == "GitHubRunners/record-metric-runners" && aws_cloudwatch_metric_alarm.rejected_signatures[0].metric_name == "RejectedWebhookSignatures" && aws_cloudwatch_metric_alarm.rejected_signatures[0].treat_missing_data == "notBreaching"
    error_message = "The rejected-signatures alarm fires at 10 in 5 minutes of the filter's metric."
  }

  assert {
    condition     = one([for q in aws_cloudwatch_metric_alarm.receive_job_events_errors[0].metric_query : q.expression if q.return_data]) == "FILL(errors, 0) + FILL(throttles, 0)" && one([for q in aws_cloudwatch_metric_alarm.receive_job_events_errors[0].metric_query : q.metric[0].dimensions["FunctionName"] if q.id == "throttles"]) == "record-metric-runners-receive-job-events" && aws_cloudwatch_metric_alarm.receive_job_events_errors[0].threshold == 1
    error_message = "The receiver alarm fires at one error or throttle of the receiver in 5 minutes."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.repairs_failing[0].threshold == 10 && one([for q in aws_cloudwatch_metric_alarm.repairs_failing[0].metric_query : q.metric[0].period if q.id == "failed"]) == 900 && one([for q in aws_cloudwatch_metric_alarm.repairs_failing[0].metric_query : q.metric[0].metric_name if q.id == "failed"]) == "ExecutionsFailed"
    error_message = "The repairs alarm is the failure rate of the repair state machine over 15 runs."
  }

  assert {
    condition     = alltrue([for a in [aws_cloudwatch_metric_alarm.receive_job_events_errors[0], aws_cloudwatch_metric_alarm.rejected_signatures[0], aws_cloudwatch_metric_alarm.repairs_failing[0]] : a.alarm_actions == toset(["arn:aws:sns:us-west-2:123456789012:oncall"]) && a.ok_actions == a.alarm_actions])
    error_message = "The ledger's alarms notify alarm_actions, on alarm and on recovery."
  }

  assert {
    condition = (output.webhook_settings.content_type == "application/json" && output.webhook_settings.events == ["workflow_job"]
      && output.webhook_settings.secret_arn == "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf" && output.webhook_settings.ssl_verify
    && output.webhook_settings.hook == "organization:123456789" && output.job_ledger_table_name == "record-metric-runners-job-ledger")
    error_message = "webhook_settings says what GitHub's form needs: JSON, workflow_job, the secret's ARN."
  }

  assert {
    condition     = [aws_iam_role.receive_job_events[0].name, aws_iam_role.repair_job_ledger[0].name, aws_iam_role.repair_state_machine[0].name] == ["record-metric-runners-receive-job-events-us-west-2", "record-metric-runners-repair-job-ledger-us-west-2", "record-metric-runners-repair-state-machine-us-west-2"]
    error_message = "The ledger's roles are named like the module's others, with the region."
  }

  assert {
    condition     = [for w in local.job_events_widgets : [w.y, w.properties.title]] == [[12, "Webhook deliveries to record-metric-runners-receive-job-events"], [12, "Repairs of the job ledger"]] && local.job_events_widgets[1].properties.metrics[0] == ["GitHubRunners", "RedeliveriesRequested", "state_machine", "record-metric-runners-repair-job-ledger"]
    error_message = "With job_events the dashboard gains the ledger's row below the deployment's (receiver; repairs, by the repair state machine's name)."
  }
}

run "least_privilege_of_the_ledgers_roles" {
  command = plan

  variables {
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
    }
    kms_key = { arn = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555" }
  }

  assert {
    condition = jsonencode({ for s in data.aws_iam_policy_document.receive_job_events[0].statement : s.sid => [sort(s.actions), sort(s.resources)] }) == jsonencode({
      ReadTheWebhookSecret = [["secretsmanager:GetSecretValue"], ["arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"]]
      RecordJobs           = [["dynamodb:PutItem", "dynamodb:UpdateItem"], ["arn:aws:dynamodb:us-west-2:123456789012:table/record-metric-runners-job-ledger"]]
      WriteItsOwnLogs      = [["logs:CreateLogStream", "logs:PutLogEvents"], ["arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/record-metric-runners-receive-job-events:*"]]
    })
    error_message = "The receiver reads its secret only (a complete ARN, alone), writes the table only, and its own logs."
  }

  assert {
    condition = jsonencode({ for s in data.aws_iam_policy_document.repair_job_ledger[0].statement : s.sid => [sort(s.actions), sort(s.resources)] }) == jsonencode({
      ReadAndWriteTheLedger        = [["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], ["arn:aws:dynamodb:us-west-2:123456789012:table/record-metric-runners-job-ledger"]]
      QueryTheOpenJobs             = [["dynamodb:Query"], ["arn:aws:dynamodb:us-west-2:123456789012:table/record-metric-runners-job-ledger/index/open-jobs"]]
      UnsealTheTokenForAnExecution = [["kms:Decrypt"], ["arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"]]
      WriteItsOwnLogs              = [["logs:CreateLogStream", "logs:PutLogEvents"], ["arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/record-metric-runners-repair-job-ledger:*"]]
    })
    error_message = "The repair function reads and writes the table, queries the open-jobs index only, unseals with the token key, writes its own logs."
  }

  assert {
    condition     = flatten([for s in data.aws_iam_policy_document.repair_job_ledger[0].statement : [for c in s.condition : [c.test, c.variable, c.values]] if s.sid == "UnsealTheTokenForAnExecution"]) == ["StringLike", "kms:EncryptionContext:execution_arn", "arn:aws:states:us-west-2:123456789012:execution:record-metric-runners-repair-job-ledger:*"]
    error_message = "The repair function unseals only tokens sealed for an execution of the repair state machine."
  }

  assert {
    condition = jsonencode({ for s in data.aws_iam_policy_document.repair_state_machine[0].statement : s.sid => [sort(s.actions), sort(s.resources)] if s.sid != "DeliverItsLogs" }) == jsonencode({
      InvokeGetTokenAndTheRepairs = [["lambda:InvokeFunction"], sort([
        "arn:aws:lambda:us-west-2:123456789012:function:record-metric-runners-get-token",
        "arn:aws:lambda:us-west-2:123456789012:function:record-metric-runners-get-token:*",
        "arn:aws:lambda:us-west-2:123456789012:function:record-metric-runners-repair-job-ledger",
        "arn:aws:lambda:us-west-2:123456789012:function:record-metric-runners-repair-job-ledger:*",
      ])]
      PutMetricsInItsNamespaceOnly = [["cloudwatch:PutMetricData"], ["*"]]
    })
    error_message = "The repair state machine invokes GetToken and RepairJobLedger only, and puts metrics."
  }

  assert {
    condition     = flatten([for s in data.aws_iam_policy_document.repair_state_machine[0].statement : [for c in s.condition : c.values if c.variable == "cloudwatch:namespace"]]) == ["GitHubRunners"]
    error_message = "The repair state machine puts metrics in the module's namespace only."
  }

  assert {
    condition     = flatten([for s in data.aws_iam_policy_document.repair_state_machine_assume_role[0].statement : [for c in s.condition : c.values if c.variable == "aws:SourceArn"]]) == ["arn:aws:states:us-west-2:123456789012:stateMachine:record-metric-runners-repair-job-ledger"]
    error_message = "The repair state machine's role trusts Step Functions for that state machine only."
  }

  assert {
    condition = flatten([for s in data.aws_iam_policy_document.get_token.statement : [for c in s.condition : c.values if c.variable == "kms:EncryptionContext:execution_arn"]]) == [
      "arn:aws:states:us-west-2:123456789012:execution:record-metric-runners:*",
      "arn:aws:states:us-west-2:123456789012:execution:record-metric-runners-repair-job-ledger:*",
    ]
    error_message = "GetToken seals for executions of both state machines."
  }

  assert {
    condition = flatten([for s in data.aws_iam_policy_document.list_runners.statement : [for c in s.condition : c.values if c.variable == "kms:EncryptionContext:execution_arn"]]) == [
      "arn:aws:states:us-west-2:123456789012:execution:record-metric-runners:*",
    ]
    error_message = "ListRunners still unseals only for the main state machine's executions."
  }

  assert {
    condition     = jsonencode({ for s in data.aws_iam_policy_document.scheduler.statement : s.sid => [sort(s.actions), sort(s.resources)] if startswith(s.sid, "Start") }) == jsonencode({ StartTheRepairStateMachine = [["states:StartExecution"], ["arn:aws:states:us-west-2:123456789012:stateMachine:record-metric-runners-repair-job-ledger"]], StartThisStateMachine = [["states:StartExecution"], ["arn:aws:states:us-west-2:123456789012:stateMachine:record-metric-runners"]] })
    error_message = "The schedule's role starts both state machines, and nothing else."
  }
}

run "the_key_policy_lets_only_repair_job_ledger_open_the_repairs_token" {
  command = plan

  variables {
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
    }
  }

  assert {
    condition = [for s in data.aws_iam_policy_document.kms_key[0].statement : s.sid] == [
      "AccountAdministersTheKey", "GetTokenSealsForAnExecution", "ListRunnersUnsealsForAnExecution", "RepairJobLedgerUnsealsForAnExecution",
      "OnlyListRunnersDecrypts", "OnlyGetTokenEncrypts", "NobodyReEncryptsFromThisKey",
    ]
    error_message = "With job_events the key policy gains RepairJobLedger's statement and nothing else."
  }

  assert {
    condition = one([for s in data.aws_iam_policy_document.kms_key[0].statement : [s.actions, flatten(s.principals[*].identifiers), flatten([for c in s.condition : c.values])] if s.sid == "RepairJobLedgerUnsealsForAnExecution"]) == [
      toset(["kms:Decrypt"]),
      ["arn:aws:iam::123456789012:role/record-metric-runners-repair-job-ledger-us-west-2"],
      ["arn:aws:states:us-west-2:123456789012:execution:record-metric-runners-repair-job-ledger:*"],
    ]
    error_message = "RepairJobLedger may only decrypt, for an execution of the repair state machine."
  }

  assert {
    condition = flatten([for s in data.aws_iam_policy_document.kms_key[0].statement : [for c in s.condition : c.values if c.variable == "aws:PrincipalArn"] if s.sid == "OnlyListRunnersDecrypts"]) == [
      "arn:aws:iam::123456789012:role/record-metric-runners-list-runners-us-west-2",
      "arn:aws:iam::123456789012:role/record-metric-runners-repair-job-ledger-us-west-2",
    ]
    error_message = "Nobody but ListRunners and RepairJobLedger decrypts."
  }

  assert {
    condition = flatten([for s in data.aws_iam_policy_document.kms_key[0].statement : [for c in s.condition : c.values] if s.sid == "GetTokenSealsForAnExecution"]) == [
      "arn:aws:states:us-west-2:123456789012:execution:record-metric-runners:*",
      "arn:aws:states:us-west-2:123456789012:execution:record-metric-runners-repair-job-ledger:*",
    ]
    error_message = "GetToken may seal for executions of both state machines."
  }
}

run "partial_secret_arn_its_own_key_and_an_app_hook" {
  command = plan

  variables {
    github_credentials = {
      type   = "pem"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-app-AbCdEf"
    }
    github_app_id = "123456"
    job_events = {
      webhook_secret                = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/github-webhook"
      webhook_secret_kms_key_arn    = "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-3333-4444-555555555555"
      app_hook                      = true
      receiver_reserved_concurrency = 3
      receiver_memory_size          = 512
      completed_job_retention_hours = 48
      open_job_retention_hours      = 336
      stale_job_seconds             = 300
      redelivery_pages_per_run      = 1
      redeliveries_per_run          = 5
      reconciliations_per_run       = 7
      rejected_signatures_threshold = 3
    }
  }

  assert {
    condition = one([for s in data.aws_iam_policy_document.receive_job_events[0].statement : s.resources if s.sid == "ReadTheWebhookSecret"]) == toset([
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/github-webhook",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/github-webhook-??????",
    ])
    error_message = "A partial webhook secret ARN is granted with its six-character suffix wildcard."
  }

  assert {
    condition     = jsonencode(one([for s in data.aws_iam_policy_document.receive_job_events[0].statement : [sort(s.actions), sort(s.resources), flatten([for c in s.condition : [c.test, c.variable, c.values]])] if s.sid == "DecryptTheSecretThroughSecretsManager"])) == jsonencode([["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-3333-4444-555555555555"], ["StringEquals", "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com"]])
    error_message = "The webhook secret's own key is decrypted only through Secrets Manager in the secret's region."
  }

  assert {
    condition     = aws_lambda_function.repair_job_ledger[0].environment[0].variables["WEBHOOK_HOOK"] == "app" && output.webhook_settings.hook == "app" && strcontains(aws_sfn_state_machine.repair_job_ledger[0].definition, "'true'")
    error_message = "app_hook: the repairs list the App's hook deliveries, and GetToken is asked for the App's JWT (AppHook true)."
  }

  assert {
    condition     = aws_lambda_function.receive_job_events[0].reserved_concurrent_executions == 3 && aws_lambda_function.receive_job_events[0].memory_size == 512 && aws_lambda_function.repair_job_ledger[0].memory_size == 1024
    error_message = "receiver_reserved_concurrency and receiver_memory_size apply to the receiver only."
  }

  assert {
    condition = ([for k in ["COMPLETED_JOB_RETENTION_HOURS", "OPEN_JOB_RETENTION_HOURS"] : aws_lambda_function.receive_job_events[0].environment[0].variables[k]] == ["48", "336"]
    && [for k in ["STALE_JOB_SECONDS", "REDELIVERY_PAGES_PER_RUN", "REDELIVERIES_PER_RUN", "RECONCILIATIONS_PER_RUN", "OPEN_JOB_RETENTION_HOURS"] : aws_lambda_function.repair_job_ledger[0].environment[0].variables[k]] == ["300", "1", "5", "7", "336"])
    error_message = "The retentions and per-run bounds reach the functions."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.rejected_signatures[0].threshold == 3
    error_message = "rejected_signatures_threshold is the alarm's threshold."
  }
}

run "no_hook_turns_redelivery_off" {
  command = plan

  variables {
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
    }
    state_machine_type  = "EXPRESS"
    schedule_expression = "rate(5 minutes)"
    schedule_state      = "DISABLED"
  }

  assert {
    condition     = aws_lambda_function.repair_job_ledger[0].environment[0].variables["WEBHOOK_HOOK"] == "" && strcontains(output.webhook_settings.hook, "none")
    error_message = "Without a hook the repairs redeliver nothing (WEBHOOK_HOOK empty)."
  }

  assert {
    condition     = aws_sfn_state_machine.repair_job_ledger[0].type == "EXPRESS" && aws_scheduler_schedule.repair_job_ledger[0].schedule_expression == "rate(5 minutes)" && aws_scheduler_schedule.repair_job_ledger[0].state == "DISABLED" && local.repair_execution_arn_pattern == "arn:aws:states:us-west-2:123456789012:express:record-metric-runners-repair-job-ledger:*"
    error_message = "The repair state machine follows state_machine_type, schedule_expression and schedule_state, and the token's context follows the type."
  }
}

run "app_hook_needs_a_github_app" {
  command = plan

  variables {
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      app_hook       = true
    }
  }

  expect_failures = [aws_lambda_function.repair_job_ledger]
}

run "job_events_package_missing" {
  command = plan

  variables {
    job_events_package = {}
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
    }
  }

  expect_failures = [aws_lambda_function.receive_job_events, aws_lambda_function.repair_job_ledger]
}

run "webhook_secret_not_an_arn" {
  command = plan
  variables {
    job_events = { webhook_secret = "my-webhook-secret" }
  }
  expect_failures = [var.job_events]
}

run "webhook_secret_key_is_an_alias" {
  command = plan
  variables {
    job_events = {
      webhook_secret             = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      webhook_secret_kms_key_arn = "alias/github-webhook"
    }
  }
  expect_failures = [var.job_events]
}

run "both_hooks" {
  command = plan
  variables {
    job_events = {
      webhook_secret       = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      organization_hook_id = 1
      app_hook             = true
    }
  }
  expect_failures = [var.job_events]
}

run "hook_id_not_whole" {
  command = plan
  variables {
    job_events = {
      webhook_secret       = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      organization_hook_id = 1.5
    }
  }
  expect_failures = [var.job_events]
}

run "reserved_concurrency_zero" {
  command = plan
  variables {
    job_events = {
      webhook_secret                = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      receiver_reserved_concurrency = 0
    }
  }
  expect_failures = [var.job_events]
}

run "receiver_memory_too_small" {
  command = plan
  variables {
    job_events = {
      webhook_secret       = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      receiver_memory_size = 64
    }
  }
  expect_failures = [var.job_events]
}

run "open_jobs_expire_before_completed_ones" {
  command = plan
  variables {
    job_events = {
      webhook_secret                = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      completed_job_retention_hours = 48
      open_job_retention_hours      = 24
    }
  }
  expect_failures = [var.job_events]
}

run "stale_age_past_the_open_retention" {
  command = plan
  variables {
    job_events = {
      webhook_secret                = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      completed_job_retention_hours = 1
      open_job_retention_hours      = 1
      stale_job_seconds             = 3600
    }
  }
  expect_failures = [var.job_events]
}

run "reconciliations_per_run_above_100" {
  command = plan
  variables {
    job_events = {
      webhook_secret          = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      reconciliations_per_run = 101
    }
  }
  expect_failures = [var.job_events]
}

run "rejected_signatures_threshold_zero" {
  command = plan
  variables {
    job_events = {
      webhook_secret                = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      rejected_signatures_threshold = 0
    }
  }
  expect_failures = [var.job_events]
}

run "job_events_package_two_sources" {
  command = plan
  variables {
    job_events_package = { path = "job-events.jar", s3_bucket = "artifacts", s3_key = "job-events.jar" }
  }
  expect_failures = [var.job_events_package]
}

run "reconciliation_off" {
  command = plan
  variables {
    job_events = {
      webhook_secret          = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      reconciliations_per_run = 0
      redeliveries_per_run    = 0
    }
  }
  assert {
    condition     = aws_lambda_function.repair_job_ledger[0].environment[0].variables["RECONCILIATIONS_PER_RUN"] == "0" && aws_lambda_function.repair_job_ledger[0].environment[0].variables["REDELIVERIES_PER_RUN"] == "0"
    error_message = "0 reconciliations (or redeliveries) a run turns that repair off, as RepairConfig reads it."
  }
}

run "stale_age_above_a_week" {
  command = plan
  variables {
    job_events = {
      webhook_secret    = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
      stale_job_seconds = 604801
    }
  }
  expect_failures = [var.job_events]
}
