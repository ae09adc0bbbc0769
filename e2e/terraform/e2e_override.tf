# Merged into terraform/examples/complete by Terraform's override rules
# (https://developer.hashicorp.com/terraform/language/files/override): the example's provider
# pointed at the local emulator, and two module inputs the example leaves at their defaults.

provider "aws" {
  # moto's default account; it accepts any credentials.
  access_key = "AKIAE2ELOCALEMULATOR"
  secret_key = "e2e-local-emulator-not-a-secret"

  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  # A call moto cannot answer fails the apply at once instead of after the SDK's retries.
  max_retries = 1

  endpoints {
    autoscaling    = var.aws_endpoint
    cloudwatch     = var.aws_endpoint
    dynamodb       = var.aws_endpoint
    ec2            = var.aws_endpoint
    iam            = var.aws_endpoint
    kms            = var.aws_endpoint
    lambda         = var.aws_endpoint
    logs           = var.aws_endpoint
    s3             = var.aws_endpoint
    scheduler      = var.aws_endpoint
    secretsmanager = var.aws_endpoint
    sfn            = var.aws_endpoint
    sns            = var.aws_endpoint
    sqs            = var.aws_endpoint
    ssm            = var.aws_endpoint
    sts            = var.aws_endpoint
  }
}

module "record_metric" {
  github_api_url = var.github_api_url
  snapstart      = var.snapstart
}
