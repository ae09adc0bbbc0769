################################################################################
# GetToken: reads the GitHub credentials, returns a token sealed with KMS
################################################################################

resource "aws_cloudwatch_log_group" "get_token" {
  name              = "/aws/lambda/${local.get_token_function_name}"
  retention_in_days = var.cloudwatch_log_group_retention
  tags              = var.tags
}

resource "aws_lambda_function" "get_token" {
  function_name = local.get_token_function_name
  description   = "Reads the GitHub credentials of ${var.github_org_name} and returns a token sealed with KMS for one execution."
  role          = aws_iam_role.get_token.arn

  runtime       = var.java_runtime
  handler       = "dev.recordmetric.gettoken.GetTokenHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = var.lambda_memory_size
  timeout       = var.lambda_timeout

  filename         = local.get_token_package
  source_code_hash = filebase64sha256(local.get_token_package)

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

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.get_token.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.get_token]

  lifecycle {
    # A check across two variables: Terraform 1.7 and 1.8 cannot reference another variable
    # in a variable's validation, so the plan fails here instead.
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
  tags              = var.tags
}

resource "aws_lambda_function" "list_runners" {
  function_name = local.list_runners_function_name
  description   = "Lists the runners of ${var.github_org_name} and counts the busy, idle and offline ones that carry the installation_id label."
  role          = aws_iam_role.list_runners.arn

  runtime       = var.java_runtime
  handler       = "dev.recordmetric.listrunners.ListRunnersHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = var.lambda_memory_size
  timeout       = var.lambda_timeout

  filename         = local.list_runners_package
  source_code_hash = filebase64sha256(local.list_runners_package)

  publish = var.snapstart
  dynamic "snap_start" {
    for_each = var.snapstart ? [true] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = {
      GITHUB_ORG             = var.github_org_name
      GITHUB_API_URL         = var.github_api_url
      TOKEN_KMS_KEY_ID       = local.token_kms_key_arn
      RUNNER_INSTALLATION_ID = var.installation_id
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.list_runners.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.list_runners]
}

resource "aws_lambda_alias" "list_runners" {
  count = var.snapstart ? 1 : 0

  name             = "live"
  description      = "The published version the state machine invokes (SnapStart applies to published versions only)."
  function_name    = aws_lambda_function.list_runners.function_name
  function_version = aws_lambda_function.list_runners.version
}
