################################################################################
# The job ledger (job_events, issue 19; the contract is functions/job-events/README.md):
# GitHub -> function URL -> ReceiveJobEvents -> DynamoDB, and a second state machine on the
# same schedule that repairs what GitHub failed to deliver. Nothing here exists without
# job_events: every resource has a count of 0 then, and nothing else in the module changes.
################################################################################

locals {
  job_events_enabled = var.job_events != null
  # 0 or 1: the count of every job ledger resource.
  job_events_count = local.job_events_enabled ? 1 : 0

  receive_job_events_function_name = "${local.name}-receive-job-events"
  repair_job_ledger_function_name  = "${local.name}-repair-job-ledger"
  repair_state_machine_name        = "${local.name}-repair-job-ledger"
  job_ledger_table_name            = "${local.name}-job-ledger"
  # The contract's global secondary index: open jobs by status, oldest check first.
  job_ledger_open_jobs_index = "open-jobs"
  # Jobs by the hour they started (sparse: only jobs with a started_at), for ListRunners' waits.
  job_ledger_job_starts_index = "job-starts"

  # ARNs built from names, as main.tf's (the policies are then known at plan time).
  job_ledger_table_arn            = "${local.arn_prefix}:dynamodb:${local.region}:${local.account_id}:table/${local.job_ledger_table_name}"
  job_ledger_open_jobs_index_arn  = "${local.job_ledger_table_arn}/index/${local.job_ledger_open_jobs_index}"
  job_ledger_job_starts_index_arn = "${local.job_ledger_table_arn}/index/${local.job_ledger_job_starts_index}"
  receive_job_events_function_arn = "${local.arn_prefix}:lambda:${local.region}:${local.account_id}:function:${local.receive_job_events_function_name}"
  repair_job_ledger_function_arn  = "${local.arn_prefix}:lambda:${local.region}:${local.account_id}:function:${local.repair_job_ledger_function_name}"
  repair_state_machine_arn        = "${local.arn_prefix}:states:${local.region}:${local.account_id}:stateMachine:${local.repair_state_machine_name}"
  repair_execution_arn_pattern = (var.state_machine_type == "EXPRESS"
    ? "${local.arn_prefix}:states:${local.region}:${local.account_id}:express:${local.repair_state_machine_name}:*"
    : "${local.arn_prefix}:states:${local.region}:${local.account_id}:execution:${local.repair_state_machine_name}:*"
  )
  receive_job_events_role_arn   = "${local.arn_prefix}:iam::${local.account_id}:role${var.iam_path}${local.global_names.receive_job_events_role}"
  repair_job_ledger_role_arn    = "${local.arn_prefix}:iam::${local.account_id}:role${var.iam_path}${local.global_names.repair_job_ledger_role}"
  repair_state_machine_role_arn = "${local.arn_prefix}:iam::${local.account_id}:role${var.iam_path}${local.global_names.repair_state_machine_role}"

  # The webhook secret, granted as github_credentials.secret is (see secret_arn_is_complete).
  webhook_secret                 = local.job_events_enabled ? var.job_events.webhook_secret : ""
  webhook_secret_is_complete     = can(regex(":secret:.+-[A-Za-z0-9]{6}$", local.webhook_secret))
  webhook_secret_region          = local.job_events_enabled ? split(":", local.webhook_secret)[3] : ""
  webhook_secret_kms_key_arn     = local.job_events_enabled ? var.job_events.webhook_secret_kms_key_arn : null
  receive_job_events_memory_size = local.job_events_enabled ? coalesce(var.job_events.receiver_memory_size, var.lambda_memory_size) : var.lambda_memory_size
  repair_job_ledger_app_hook     = local.job_events_enabled ? var.job_events.app_hook : false
  repair_job_ledger_webhook_hook = !local.job_events_enabled ? "" : (var.job_events.app_hook ? "app" : (var.job_events.organization_hook_id != null ? "organization:${var.job_events.organization_hook_id}" : ""))
  # The filter's metric (a filter's metric cannot carry a fixed dimension: the deployment's name
  # is in the namespace instead).
  job_events_metric_namespace = "${var.metric_namespace}/${local.name}"
  job_ledger_retention_environment = !local.job_events_enabled ? {} : {
    COMPLETED_JOB_RETENTION_HOURS = tostring(var.job_events.completed_job_retention_hours)
    OPEN_JOB_RETENTION_HOURS      = tostring(var.job_events.open_job_retention_hours)
  }

  # What GitHub's webhook form (or a github_organization_webhook) needs: never the secret itself.
  webhook_settings = !local.job_events_enabled ? null : {
    payload_url  = one(aws_lambda_function_url.receive_job_events[*].function_url)
    content_type = "application/json"
    secret_arn   = var.job_events.webhook_secret
    events       = ["workflow_job"]
    ssl_verify   = true
    hook         = local.repair_job_ledger_webhook_hook == "" ? "none: failed deliveries are not redelivered" : local.repair_job_ledger_webhook_hook
  }
}

################################################################################
# The ledger: one item per job (pk = job#<id>) and the redelivery cursor
################################################################################

# Deliberate scanner findings: encrypted with an AWS owned key, not a customer managed one, and
# without point-in-time recovery; both are said at the block.
#trivy:ignore:AVD-AWS-0024
#tfsec:ignore:aws-dynamodb-enable-recovery
#trivy:ignore:AVD-AWS-0025
#tfsec:ignore:aws-dynamodb-table-customer-key
resource "aws_dynamodb_table" "job_ledger" {
  #checkov:skip=CKV_AWS_28:no point-in-time recovery: the ledger is derived from GitHub (redelivery and reconciliation rebuild it) and a restore makes a new table the functions do not use
  #checkov:skip=CKV_AWS_119:encrypted at rest with an AWS owned key: job metadata, no secret; the token key's policy lets only ListRunners decrypt and must not serve DynamoDB
  count = local.job_events_count

  name         = local.job_ledger_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "open_status"
    type = "S"
  }

  attribute {
    name = "checked_at"
    type = "N"
  }

  attribute {
    name = "started_hour"
    type = "S"
  }

  attribute {
    name = "started_at"
    type = "S"
  }

  # Sparse: only open jobs carry open_status (the contract's table).
  global_secondary_index {
    name            = local.job_ledger_open_jobs_index
    hash_key        = "open_status"
    range_key       = "checked_at"
    projection_type = "ALL"
  }

  # Sparse: only jobs with a known started_at carry started_hour (its UTC hour). GitHub's ISO-8601
  # UTC timestamps order as strings, so started_at is the range key as GitHub sends it.
  global_secondary_index {
    name            = local.job_ledger_job_starts_index
    hash_key        = "started_hour"
    range_key       = "started_at"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  # DynamoDB encrypts every table at rest; without server_side_encryption it is with an AWS
  # owned key, at no charge and with no key policy to keep ("Encryption at rest", DynamoDB
  # Developer Guide). The items are job ids, repository names, labels and runner names.
  point_in_time_recovery {
    enabled = false
  }

  tags = var.tags
}

################################################################################
# ReceiveJobEvents: GitHub's deliveries through a public function URL
################################################################################

resource "aws_cloudwatch_log_group" "receive_job_events" {
  count = local.job_events_count

  name              = "/aws/lambda/${local.receive_job_events_function_name}"
  retention_in_days = var.cloudwatch_log_group_retention
  kms_key_id        = var.cloudwatch_log_group_kms_key_arn
  tags              = var.tags
}

# Deliberate scanner finding: X-Ray tracing is off, as for the other functions; each delivery's
# outcome and time are its JSON log line.
#trivy:ignore:AVD-AWS-0066
#tfsec:ignore:aws-lambda-enable-tracing
resource "aws_lambda_function" "receive_job_events" {
  #checkov:skip=CKV_AWS_116:invoked synchronously through its function URL; GitHub marks a failed delivery and the repairs redeliver it
  #checkov:skip=CKV_AWS_117:outside any VPC: it reaches only Secrets Manager and DynamoDB, and GitHub must reach it
  #checkov:skip=CKV_AWS_173:the environment holds names, numbers and ARNs, no secret; Lambda encrypts it at rest with an AWS managed key
  #checkov:skip=CKV_AWS_272:the packages are reproducible builds checked against the release's SHA256SUMS; code signing is the account's choice
  #checkov:skip=CKV_AWS_50:X-Ray is off as for the other functions; each delivery's outcome and time are in its log line
  count = local.job_events_count

  function_name = local.receive_job_events_function_name
  description   = "Receives GitHub's workflow_job webhooks for ${var.github_org_name} (X-Hub-Signature-256 checked) and records each job in ${local.job_ledger_table_name}."
  role          = aws_iam_role.receive_job_events[0].arn

  runtime       = var.java_runtime
  handler       = "dev.recordmetric.jobevents.ReceiveJobEventsHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = local.receive_job_events_memory_size
  # GitHub waits 10 s for an answer ("Handling failed webhook deliveries"): longer is never
  # useful, the delivery has failed by then and redelivery repairs it.
  timeout = 10

  # A flood of unsigned requests is refused (429) at this many instances, before it costs more
  # or takes the account's unreserved concurrency from its other functions.
  reserved_concurrent_executions = var.job_events.receiver_reserved_concurrency

  filename          = local.packages.job_events.path
  source_code_hash  = local.packages.job_events.path != null && fileexists(coalesce(local.packages.job_events.path, "-")) ? filebase64sha256(local.packages.job_events.path) : null
  s3_bucket         = local.packages.job_events.s3_bucket
  s3_key            = local.packages.job_events.s3_key
  s3_object_version = local.packages.job_events.s3_object_version

  environment {
    variables = merge(
      {
        WEBHOOK_SECRET_ARN = var.job_events.webhook_secret
        JOB_LEDGER_TABLE   = local.job_ledger_table_name
      },
      local.job_ledger_retention_environment,
    )
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.receive_job_events[0].name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.receive_job_events]

  lifecycle {
    precondition {
      condition     = local.packages.job_events.path == null || fileexists(coalesce(local.packages.job_events.path, "-"))
      error_message = "The job-events package ${coalesce(local.packages.job_events.path, "-")} does not exist. Use the module from its release archive (it bundles packages/*.jar), set job_events_package = { path = \"...\" } to a jar you built (./mvnw -B package -DskipTests: functions/job-events/target/job-events.jar), or { s3_bucket, s3_key } to one you uploaded."
    }
  }
}

# GitHub cannot sign a request with SigV4: the URL takes unauthenticated requests, and the
# webhook's HMAC (X-Hub-Signature-256, checked by the function) is the authentication.
resource "aws_lambda_function_url" "receive_job_events" {
  #checkov:skip=CKV_AWS_258:GitHub's webhooks cannot sign with SigV4; the function checks each delivery's HMAC signature and refuses the rest with 401
  count = local.job_events_count

  function_name      = aws_lambda_function.receive_job_events[0].function_name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

# A function URL of auth type NONE needs two statements in the function's resource policy
# ("Control access to Lambda function URLs", AWS Lambda Developer Guide): lambda:InvokeFunctionUrl
# for everyone with lambda:FunctionUrlAuthType NONE, and, for URLs created since October 2025,
# lambda:InvokeFunction too. AWS scopes the second to calls through the URL with the condition
# lambda:InvokedViaFunctionUrl, which aws_lambda_permission can set only from provider 6.29
# (invoked_via_function_url); this module supports 5.31 on, so the second statement is not
# scoped: any AWS principal may also call Invoke on the function directly. What that reaches is
# the same handler (the HMAC check refuses an event without a valid signature) under the same
# reserved concurrency.
resource "aws_lambda_permission" "receive_job_events_url" {
  #checkov:skip=CKV_AWS_301:the webhook receiver is public by design (GitHub calls it); the function's HMAC check is the authentication
  count = local.job_events_count

  statement_id           = "GitHubWebhooksThroughTheFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.receive_job_events[0].function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "receive_job_events_invoke" {
  #checkov:skip=CKV_AWS_301:function URLs created since October 2025 also need lambda:InvokeFunction; provider 5.x cannot scope it to the URL, and the HMAC check guards both
  count = local.job_events_count

  statement_id  = "InvokeFunctionForTheFunctionUrl"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.receive_job_events[0].function_name
  principal     = "*"
}

# The receiver's one JSON line per delivery: a rejected signature logs "outcome": "rejected-signature".
resource "aws_cloudwatch_log_metric_filter" "rejected_signatures" {
  count = local.job_events_count

  name           = "${local.name}-rejected-signatures"
  log_group_name = aws_cloudwatch_log_group.receive_job_events[0].name
  pattern        = "{ $.outcome = \"rejected-signature\" }"

  metric_transformation {
    namespace = local.job_events_metric_namespace
    name      = "RejectedWebhookSignatures"
    value     = "1"
    unit      = "Count"
  }
}

################################################################################
# RepairJobLedger: redelivery of failed deliveries, reconciliation of stale open jobs
################################################################################

resource "aws_cloudwatch_log_group" "repair_job_ledger" {
  count = local.job_events_count

  name              = "/aws/lambda/${local.repair_job_ledger_function_name}"
  retention_in_days = var.cloudwatch_log_group_retention
  kms_key_id        = var.cloudwatch_log_group_kms_key_arn
  tags              = var.tags
}

# Deliberate scanner finding: X-Ray tracing is the state machine's option (tracing_enabled), as
# for GetToken and ListRunners.
#trivy:ignore:AVD-AWS-0066
#tfsec:ignore:aws-lambda-enable-tracing
resource "aws_lambda_function" "repair_job_ledger" {
  #checkov:skip=CKV_AWS_115:one invocation per repair a run; reserved concurrency would only take capacity from the account's unreserved pool
  #checkov:skip=CKV_AWS_116:invoked synchronously by Step Functions, which retries and catches; a DLQ serves asynchronous invocations only
  #checkov:skip=CKV_AWS_117:a VPC is optional (vpc_config): the function reaches only GitHub's and AWS's APIs
  #checkov:skip=CKV_AWS_173:the environment holds names, URLs, numbers and ARNs, no secret; Lambda encrypts it at rest with an AWS managed key
  #checkov:skip=CKV_AWS_272:the packages are reproducible builds checked against the release's SHA256SUMS; code signing is the account's choice
  #checkov:skip=CKV_AWS_50:X-Ray is the state machine's option (tracing_enabled); the function's timings are in the execution history
  count = local.job_events_count

  function_name = local.repair_job_ledger_function_name
  description   = "Repairs the job ledger of ${var.github_org_name}: asks GitHub to redeliver failed webhook deliveries and reconciles jobs held open too long."
  role          = aws_iam_role.repair_job_ledger[0].arn

  runtime       = var.java_runtime
  handler       = "dev.recordmetric.jobevents.RepairJobLedgerHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = var.lambda_memory_size
  timeout       = var.lambda_timeout

  filename          = local.packages.job_events.path
  source_code_hash  = local.packages.job_events.path != null && fileexists(coalesce(local.packages.job_events.path, "-")) ? filebase64sha256(local.packages.job_events.path) : null
  s3_bucket         = local.packages.job_events.s3_bucket
  s3_key            = local.packages.job_events.s3_key
  s3_object_version = local.packages.job_events.s3_object_version

  environment {
    variables = merge(
      {
        JOB_LEDGER_TABLE         = local.job_ledger_table_name
        TOKEN_KMS_KEY_ID         = local.token_kms_key_arn
        GITHUB_API_URL           = var.github_api_url
        GITHUB_ORG               = var.github_org_name
        WEBHOOK_HOOK             = local.repair_job_ledger_webhook_hook
        REDELIVERY_PAGES_PER_RUN = tostring(var.job_events.redelivery_pages_per_run)
        REDELIVERIES_PER_RUN     = tostring(var.job_events.redeliveries_per_run)
        STALE_JOB_SECONDS        = tostring(var.job_events.stale_job_seconds)
        RECONCILIATIONS_PER_RUN  = tostring(var.job_events.reconciliations_per_run)
        METRIC_NAMESPACE         = var.metric_namespace
      },
      # Reconciliation writes by the one write rule too, which sets expires_at.
      local.job_ledger_retention_environment,
    )
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config != null ? [var.vpc_config] : []
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.repair_job_ledger[0].name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.repair_job_ledger]

  lifecycle {
    precondition {
      condition     = local.packages.job_events.path == null || fileexists(coalesce(local.packages.job_events.path, "-"))
      error_message = "The job-events package ${coalesce(local.packages.job_events.path, "-")} does not exist. Use the module from its release archive (it bundles packages/*.jar), set job_events_package = { path = \"...\" } to a jar you built (./mvnw -B package -DskipTests: functions/job-events/target/job-events.jar), or { s3_bucket, s3_key } to one you uploaded."
    }

    # Across variables: before Terraform 1.9 a variable's validation cannot read another one.
    precondition {
      condition     = !local.repair_job_ledger_app_hook || var.github_credentials.type == "pem"
      error_message = "job_events.app_hook = true needs github_credentials.type = \"pem\": the App's webhook deliveries are listed and redelivered with the App's JWT (GET /app/hook/deliveries), which only a GitHub App's private key can sign. With a token, use organization_hook_id (an organization webhook) instead."
    }
  }
}

################################################################################
# The repair state machine: GetToken -> Redeliver -> Reconcile -> PutMetricData, on the
# main schedule's expression and state
################################################################################

resource "aws_cloudwatch_log_group" "repair_state_machine" {
  count = local.job_events_count

  name              = "/aws/vendedlogs/states/${local.repair_state_machine_name}"
  retention_in_days = var.cloudwatch_log_group_retention
  kms_key_id        = var.cloudwatch_log_group_kms_key_arn
  tags              = var.tags
}

resource "aws_sfn_state_machine" "repair_job_ledger" {
  #checkov:skip=CKV_AWS_284:X-Ray tracing is an option (tracing_enabled), off by default, as for the main state machine
  count = local.job_events_count

  name     = local.repair_state_machine_name
  role_arn = aws_iam_role.repair_state_machine[0].arn
  type     = var.state_machine_type

  # The definition the statemachine module's tests run (the repairs' contract), its placeholders
  # all inside JSON strings.
  definition = templatefile("${path.module}/templates/repair-job-ledger.asl.json", {
    GetTokenFunctionArn        = local.get_token_invoke_arn
    RepairJobLedgerFunctionArn = local.repair_job_ledger_function_arn
    Partition                  = local.partition
    MetricNamespace            = var.metric_namespace
    AppHook                    = local.repair_job_ledger_app_hook ? "true" : "false"
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.repair_state_machine[0].arn}:*"
    level                  = var.state_machine_log_level
    include_execution_data = var.state_machine_include_execution_data
  }

  tracing_configuration {
    enabled = var.tracing_enabled
  }

  tags = var.tags

  depends_on = [
    aws_iam_role_policy.repair_state_machine,
    aws_lambda_function.get_token,
    aws_lambda_alias.get_token,
    aws_lambda_function.repair_job_ledger,
  ]
}

resource "aws_scheduler_schedule" "repair_job_ledger" {
  count = local.job_events_count

  name                = local.repair_state_machine_name
  group_name          = aws_scheduler_schedule_group.this.name
  description         = "Starts ${local.repair_state_machine_name}, which repairs the job ledger of ${var.github_org_name}."
  schedule_expression = var.schedule_expression
  state               = var.schedule_state

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_sfn_state_machine.repair_job_ledger[0].arn
    role_arn = local.role_arn.scheduler
    input    = jsonencode({})

    # A repair that starts after the next one adds nothing: give up after one interval.
    retry_policy {
      maximum_event_age_in_seconds = local.schedule_seconds
      maximum_retry_attempts       = 2
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler]
}
