data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  name = coalesce(var.name, substr(replace("record-metric-${var.asg_name}", "/[^A-Za-z0-9_-]/", "-"), 0, 40))

  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id

  get_token_function_name    = "${local.name}-get-token"
  list_runners_function_name = "${local.name}-list-runners"

  get_token_package    = coalesce(var.get_token_package, "${path.module}/../functions/get-token/target/get-token.jar")
  list_runners_package = coalesce(var.list_runners_package, "${path.module}/../functions/list-runners/target/list-runners.jar")

  # The state machine's ARN and its executions' ARNs are built from its name rather than read
  # from aws_sfn_state_machine.this: the key policy and the roles need them, and the state
  # machine depends on the functions, which depend on the key and the roles.
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${local.name}"
  execution_arn_pattern = (var.state_machine_type == "EXPRESS"
    ? "arn:${local.partition}:states:${local.region}:${local.account_id}:express:${local.name}:*"
    : "arn:${local.partition}:states:${local.region}:${local.account_id}:execution:${local.name}:*"
  )

  token_kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : aws_kms_key.this[0].arn

  # With SnapStart the state machine invokes the `live` alias (a published version, restored
  # from its snapshot); without it, the unqualified function ($LATEST).
  get_token_invoke_arn    = var.snapstart ? aws_lambda_alias.get_token[0].arn : aws_lambda_function.get_token.arn
  list_runners_invoke_arn = var.snapstart ? aws_lambda_alias.list_runners[0].arn : aws_lambda_function.list_runners.arn

  metric_names = {
    busy = "BusyRunners"
    idle = "IdleRunners"
  }
}

################################################################################
# State machine: GetToken -> ListRunners -> CountRunners -> PutMetricData
################################################################################

resource "aws_cloudwatch_log_group" "state_machine" {
  # The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small when Step
  # Functions sets up log delivery.
  name              = "/aws/vendedlogs/states/${local.name}"
  retention_in_days = var.cloudwatch_log_group_retention
  tags              = var.tags
}

resource "aws_sfn_state_machine" "this" {
  name     = local.name
  role_arn = aws_iam_role.state_machine.arn
  type     = var.state_machine_type

  # The very definition the statemachine module's local tests run; exactly these four
  # placeholders, all inside JSON strings.
  definition = templatefile("${path.module}/templates/record-metric.asl.json", {
    GetTokenFunctionArn    = local.get_token_invoke_arn
    ListRunnersFunctionArn = local.list_runners_invoke_arn
    MetricNamespace        = var.metric_namespace
    AsgName                = var.asg_name
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
    level                  = var.state_machine_log_level
    include_execution_data = var.state_machine_include_execution_data
  }

  tracing_configuration {
    enabled = var.tracing_enabled
  }

  tags = var.tags

  # Step Functions checks at creation that the role may set up log delivery.
  depends_on = [aws_iam_role_policy.state_machine]
}
