data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

# The provider's region. aws_region says it as `name` in provider 5.x, which 6.x deprecates for
# `region`, which 5.x does not have; aws_service's `region` is in both, undeprecated, and
# defaults to the provider's region. It is computed locally: no API call.
data "aws_service" "states" {
  service_id = "states"
}

################################################################################
# State machine: GetToken -> ListRunners -> CountRunners -> PutMetricData
# (one listing and one PutMetricData request a run, whatever the number of pools)
################################################################################

resource "aws_cloudwatch_log_group" "state_machine" {
  # The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small when Step
  # Functions sets up log delivery.
  name              = "/aws/vendedlogs/states/${local.name}"
  retention_in_days = var.cloudwatch_log_group_retention
  kms_key_id        = var.cloudwatch_log_group_kms_key_arn
  tags              = var.tags
}

resource "aws_sfn_state_machine" "this" {
  #checkov:skip=CKV_AWS_284:X-Ray tracing is an option (tracing_enabled), off by default: four states a minute, each in the execution history
  name     = local.name
  role_arn = local.role_arn.state_machine
  type     = var.state_machine_type

  # The very definition the statemachine module's local tests run; exactly its placeholders,
  # all inside JSON strings.
  definition = templatefile("${path.module}/templates/record-metric.asl.json", {
    GetTokenFunctionArn    = local.get_token_invoke_arn
    ListRunnersFunctionArn = local.list_runners_invoke_arn
    MetricNamespace        = var.metric_namespace
    Partition              = local.partition
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

  # Step Functions checks at creation that the role may set up log delivery. The functions
  # (and aliases) it invokes are named by ARNs built from names: they come first.
  depends_on = [
    aws_iam_role_policy.state_machine,
    aws_lambda_function.get_token,
    aws_lambda_function.list_runners,
    aws_lambda_alias.get_token,
    aws_lambda_alias.list_runners,
  ]
}
