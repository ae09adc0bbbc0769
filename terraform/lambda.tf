locals {
  # The pools as ListRunners reads them: {"<asg_name>": "<installation id>", ...} (RUNNER_POOLS).
  list_runners_known_environment = merge(
    {
      GITHUB_ORG     = var.github_org_name
      GITHUB_API_URL = var.github_api_url
      RUNNER_POOLS   = jsonencode({ for name, pool in local.pools : name => pool.installation_id })
      # Pages fetched at once (ListRunnersConfig reads it; absent means its default, the same 4).
      LIST_RUNNERS_CONCURRENCY = tostring(var.list_runners_concurrency)
    },
    var.runner_group_id != null ? { RUNNER_GROUP_ID = tostring(var.runner_group_id) } : {},
    # With job_events ListRunners reads the ledger for the queued jobs (issue 20), and the pools'
    # job_labels: {"<asg_name>": ["self-hosted", "linux", ...]} (absent: none).
    local.job_events_enabled ? { JOB_LEDGER_TABLE = local.job_ledger_table_name } : {},
    local.job_events_enabled && length(local.pool_job_labels) > 0 ? { POOL_JOB_LABELS = jsonencode(local.pool_job_labels) } : {},
  )
  list_runners_environment = merge(local.list_runners_known_environment, { TOKEN_KMS_KEY_ID = local.token_kms_key_arn })
  # Known at plan time even when the key is created in the same apply: the known variables' JSON,
  # and 120 bytes for ,"TOKEN_KMS_KEY_ID":"<a key ARN, under 100 characters in every partition>".
  list_runners_environment_bytes = length(jsonencode(local.list_runners_known_environment)) + 120

  # Each package is a local file or an S3 object (the variables' validations allow one
  # source); given neither, packages/<name>.jar inside this module, where the release archive
  # of the module puts it. Nothing outside the module's folder is read.
  packages = {
    for fn, given in { get_token = var.get_token_package, list_runners = var.list_runners_package, job_events = var.job_events_package } : fn => {
      path                       = given.s3_bucket != null ? null : coalesce(given.path, "${path.module}/packages/${replace(fn, "_", "-")}.jar")
      s3_bucket                  = given.s3_bucket
      s3_key                     = given.s3_key
      s3_object_version          = given.s3_object_version
    }
  }
}

################################################################################
# GetToken: reads the GitHub credentials, returns a token sealed with KMS
################################################################################

resource "aws_cloudwatch_log_group" "get_token" {
  name              = "/aws/lambda/${local.get_token_function_name}"
  retention_in_days = var.cloudwatch_log_group_retention
  kms_key_id        = var.cloudwatch_log_group_kms_key_arn
  tags              = var.tags
}

# Deliberate scanner findings: X-Ray tracing is the state machine's option (tracing_enabled); the
# function's own timings are in its execution history and logs.
#trivy:ignore:AVD-AWS-0066
#tfsec:ignore:aws-lambda-enable-tracing
resource "aws_lambda_function" "get_token" {
  #checkov:skip=CKV_AWS_115:one invocation per run; reserved concurrency would only take capacity from the account's unreserved pool
  #checkov:skip=CKV_AWS_116:invoked synchronously by Step Functions, which retries and catches; a DLQ serves asynchronous invocations only
  #checkov:skip=CKV_AWS_117:a VPC is optional (vpc_config): the function reaches only GitHub's and AWS's APIs
  #checkov:skip=CKV_AWS_173:the environment holds names, URLs and ARNs, no secret; Lambda encrypts it at rest with an AWS managed key
  #checkov:skip=CKV_AWS_272:the packages are reproducible builds checked against the release's SHA256SUMS; code signing is the account's choice
  #checkov:skip=CKV_AWS_50:X-Ray is the state machine's option (tracing_enabled); the function's timings are in the execution history
  function_name = local.get_token_function_name
  description   = "Reads the GitHub credentials of ${var.github_org_name} and returns a token sealed with KMS for one execution."
  role          = local.role_arn.get_token

  runtime       = var.java_runtime
  handler       = "dev.recordmetric.gettoken.GetTokenHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = var.lambda_memory_size
  timeout       = var.lambda_timeout

  # A local file (its hash makes a new package a new deployment) or an S3 object.
  filename          = local.packages.get_token.path
  source_code_hash  = local.packages.get_token.path != null && fileexists(coalesce(local.packages.get_token.path, "-")) ? filebase64sha256(local.packages.get_token.path) : null
  s3_bucket         = local.packages.get_token.s3_bucket
  s3_key            = local.packages.get_token.s3_key
  s3_object_version = local.packages.get_token.s3_object_version

  publish = var.snapstart
  dynamic "snap_start" {
    for_each = var.snapstart ? [true] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = merge(
      {
        GITHUB_ORG                    = var.github_org_name
        GITHUB_API_URL                = var.github_api_url
        TOKEN_KMS_KEY_ID              = local.token_kms_key_arn
        GITHUB_CREDENTIALS_SECRET_ARN = var.github_credentials.secret
        GITHUB_CREDENTIALS_TYPE       = var.github_credentials.type
      },
      var.github_credentials.type == "pem" && var.github_app_id != null ? { GITHUB_APP_ID = var.github_app_id } : {},
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
    log_group  = aws_cloudwatch_log_group.get_token.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.get_token]

  lifecycle {
    precondition {
      condition     = local.packages.get_token.path == null || fileexists(coalesce(local.packages.get_token.path, "-"))
      error_message = "The GetToken package ${coalesce(local.packages.get_token.path, "-")} does not exist. Use the module from its release archive (it bundles packages/*.jar), set get_token_package = { path = \"...\" } to a jar you built (./mvnw -B package -DskipTests: functions/get-token/target/get-token.jar), or { s3_bucket, s3_key } to one you uploaded."
    }

    # A check across two variables: before Terraform 1.9 a variable's validation cannot
    # reference another variable, so the plan fails here instead.
    precondition {
      condition     = var.github_credentials.type != "pem" || var.github_app_id != null
      error_message = "github_app_id is required when github_credentials.type is \"pem\": GetToken signs its JWT for that GitHub App."
    }
  }
}

resource "aws_lambda_alias" "get_token" {
  count = var.snapstart ? 1 : 0

  name             = "live"
  description      = "The published version the state machine invokes (SnapStart applies to published versions only)."
  function_name    = aws_lambda_function.get_token.function_name
  function_version = aws_lambda_function.get_token.version
}

################################################################################
# ListRunners: unseals the token, lists the organization's runners, counts them
################################################################################

resource "aws_cloudwatch_log_group" "list_runners" {
  name              = "/aws/lambda/${local.list_runners_function_name}"
  retention_in_days = var.cloudwatch_log_group_retention
  kms_key_id        = var.cloudwatch_log_group_kms_key_arn
  tags              = var.tags
}

# Deliberate scanner findings: X-Ray tracing is the state machine's option (tracing_enabled); the
# function's own timings are in its execution history and logs.
#trivy:ignore:AVD-AWS-0066
#tfsec:ignore:aws-lambda-enable-tracing
resource "aws_lambda_function" "list_runners" {
  #checkov:skip=CKV_AWS_115:one invocation per run; reserved concurrency would only take capacity from the account's unreserved pool
  #checkov:skip=CKV_AWS_116:invoked synchronously by Step Functions, which retries and catches; a DLQ serves asynchronous invocations only
  #checkov:skip=CKV_AWS_117:a VPC is optional (vpc_config): the function reaches only GitHub's and AWS's APIs
  #checkov:skip=CKV_AWS_173:the environment holds names, URLs and ARNs, no secret; Lambda encrypts it at rest with an AWS managed key
  #checkov:skip=CKV_AWS_272:the packages are reproducible builds checked against the release's SHA256SUMS; code signing is the account's choice
  #checkov:skip=CKV_AWS_50:X-Ray is the state machine's option (tracing_enabled); the function's timings are in the execution history
  function_name = local.list_runners_function_name
  description   = "Lists the runners of ${var.github_org_name} once a run and counts, per pool, the busy, idle and offline ones that carry its installation_id label."
  role          = local.role_arn.list_runners

  runtime       = var.java_runtime
  handler       = "dev.recordmetric.listrunners.ListRunnersHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = var.lambda_memory_size
  timeout       = var.lambda_timeout

  # A local file (its hash makes a new package a new deployment) or an S3 object.
  filename          = local.packages.list_runners.path
  source_code_hash  = local.packages.list_runners.path != null && fileexists(coalesce(local.packages.list_runners.path, "-")) ? filebase64sha256(local.packages.list_runners.path) : null
  s3_bucket         = local.packages.list_runners.s3_bucket
  s3_key            = local.packages.list_runners.s3_key
  s3_object_version = local.packages.list_runners.s3_object_version

  publish = var.snapstart
  dynamic "snap_start" {
    for_each = var.snapstart ? [true] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = local.list_runners_environment
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
    log_group  = aws_cloudwatch_log_group.list_runners.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.list_runners]

  lifecycle {
    # Checks across variables: before Terraform 1.9 a variable's validation cannot reference
    # another variable, so the plan fails here instead.
    precondition {
      condition     = length(var.pools) > 0 ? var.asg_name == null && var.installation_id == null : var.asg_name != null && var.installation_id != null
      error_message = "Name the pools once: either asg_name with installation_id (one pool), or pools = { \"<asg_name>\" = { installation_id = \"<id>\" }, ... } (one or more), not both and not neither."
    }

    # Lambda: "Function environment variables: 4 KB, for all environment variables associated
    # with the function, in aggregate" (Lambda quotas). Their JSON is a little larger than what
    # Lambda counts, so this never lets a too-large set through.
    precondition {
      condition     = local.list_runners_environment_bytes <= 4096
      error_message = "ListRunners' environment would take up to ${local.list_runners_environment_bytes} bytes, more than Lambda's 4 KB for all of a function's environment variables: the pools' names and installation ids (and, with job_events, their job_labels) take most of it. Use shorter names, fewer job_labels, or split the pools over deployments."
    }

    precondition {
      condition     = local.packages.list_runners.path == null || fileexists(coalesce(local.packages.list_runners.path, "-"))
      error_message = "The ListRunners package ${coalesce(local.packages.list_runners.path, "-")} does not exist. Use the module from its release archive (it bundles packages/*.jar), set list_runners_package = { path = \"...\" } to a jar you built (./mvnw -B package -DskipTests: functions/list-runners/target/list-runners.jar), or { s3_bucket, s3_key } to one you uploaded."
    }
  }
}

resource "aws_lambda_alias" "list_runners" {
  count = var.snapstart ? 1 : 0

  name             = "live"
  description      = "The published version the state machine invokes (SnapStart applies to published versions only)."
  function_name    = aws_lambda_function.list_runners.function_name
  function_version = aws_lambda_function.list_runners.version
}
