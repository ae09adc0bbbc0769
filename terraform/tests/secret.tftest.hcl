# GetToken's grant on the GitHub credentials secret, for each form of its ARN (Terraform >= 1.7,
# mocked provider: `terraform test` in terraform/).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  asg_name             = "runners"
  github_org_name      = "acme"
  installation_id      = "abc123"
  alarm_emails         = ["ops@example.com"]
  get_token_package    = { path = "tests/fixtures/placeholder.jar" }
  list_runners_package = { path = "tests/fixtures/placeholder.jar" }
  github_credentials = {
    type   = "token"
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:gh-AbCdEf"
  }
}

# A complete ARN names one secret. "<arn>-??????" would also match another one: the secret named
# "gh-AbCdEf" has the ARN "...:secret:gh-AbCdEf-XXXXXX".
run "complete_secret_arn_is_granted_alone" {
  command = plan

  assert {
    condition     = one([for s in data.aws_iam_policy_document.get_token.statement : s.resources if s.sid == "ReadTheGitHubCredentials"]) == toset(["arn:aws:secretsmanager:us-west-2:123456789012:secret:gh-AbCdEf"])
    error_message = "A complete secret ARN (ending in - and six characters) is granted as it is, without the -?????? wildcard that would also match another secret."
  }
}

run "complete_secret_arn_with_a_path_like_name" {
  command = plan

  variables {
    github_credentials = {
      type   = "pem"
      secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/github/app-key-9zY8xW"
    }
    github_app_id = "123456"
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.get_token.statement : s.resources if s.sid == "ReadTheGitHubCredentials"]) == toset(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/github/app-key-9zY8xW"])
    error_message = "A complete ARN of a secret whose name has slashes is granted alone."
  }
}

run "partial_secret_arn_gets_the_suffix_wildcard" {
  command = plan

  variables {
    github_credentials = {
      type   = "token"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:ci/github-token"
    }
  }

  assert {
    condition = one([for s in data.aws_iam_policy_document.get_token.statement : s.resources if s.sid == "ReadTheGitHubCredentials"]) == toset([
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:ci/github-token",
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:ci/github-token-??????",
    ])
    error_message = "A partial ARN (no six-character suffix) is granted with -?????? so that it matches the secret's complete ARN."
  }
}

run "partial_secret_arn_without_any_hyphen" {
  command = plan

  variables {
    github_credentials = {
      type   = "token"
      secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:githubtoken"
    }
  }

  assert {
    condition     = contains(one([for s in data.aws_iam_policy_document.get_token.statement : s.resources if s.sid == "ReadTheGitHubCredentials"]), "arn:aws:secretsmanager:us-west-2:123456789012:secret:githubtoken-??????")
    error_message = "A name without a hyphen is a partial ARN: it gets the wildcard."
  }
}
