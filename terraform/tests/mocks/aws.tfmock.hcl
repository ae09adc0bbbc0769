# The AWS provider's mocked data sources, shared by the terraform test files (mock_provider's
# "source", Terraform >= 1.7: https://developer.hashicorp.com/terraform/language/tests/mocking).

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_service" {
  defaults = {
    region = "us-west-2"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}

# The provider validates a role's trust policy as JSON even when mocked.
mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

# A group that exists publishes GroupInServiceInstances (enabled_metrics), unless a run says otherwise.
mock_data "aws_autoscaling_group" {
  defaults = {
    enabled_metrics = ["GroupInServiceInstances"]
  }
}
