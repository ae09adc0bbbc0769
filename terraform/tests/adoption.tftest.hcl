# What users of terraform-aws-modules expect of a module: the schedule can be paused, the log
# groups and the schedule are outputs, IAM roles can be brought, and what the roles say of
# themselves is true (Terraform >= 1.7, mocked provider: `terraform test` in terraform/).

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
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
  }
}

run "state_machine_role_says_what_it_puts" {
  command = plan

  # The role's description is what the console and IAM Access Analyzer show of it.
  assert {
    condition     = alltrue([for metric in values(local.metric_names) : length(regexall("\\b${metric}\\b", aws_iam_role.state_machine[0].description)) == 1])
    error_message = "The state machine role's description must name every metric it puts: ${aws_iam_role.state_machine[0].description}"
  }
}

run "schedule_runs_by_default" {
  command = plan

  assert {
    condition     = aws_scheduler_schedule.this.state == "ENABLED" && output.schedule_name == "record-metric-runners"
    error_message = "The schedule is enabled by default, and its name is an output."
  }

  assert {
    condition = output.cloudwatch_log_group_names == {
      get_token     = "/aws/lambda/record-metric-runners-get-token"
      list_runners  = "/aws/lambda/record-metric-runners-list-runners"
      state_machine = "/aws/vendedlogs/states/record-metric-runners"
    }
    error_message = "The three log groups' names are outputs."
  }

  assert {
    condition     = keys(output.cloudwatch_log_group_arns) == ["get_token", "list_runners", "state_machine"]
    error_message = "The three log groups' ARNs are outputs."
  }
}

run "schedule_paused" {
  command = plan

  variables {
    schedule_state = "DISABLED"
  }

  assert {
    condition     = aws_scheduler_schedule.this.state == "DISABLED" && output.schedule_state == "DISABLED"
    error_message = "schedule_state = DISABLED pauses the schedule without removing anything."
  }
}

run "bring_your_own_roles" {
  command = plan

  variables {
    existing_roles = {
      get_token     = { arn = "arn:aws:iam::123456789012:role/platform/rm-get-token" }
      list_runners  = { arn = "arn:aws:iam::123456789012:role/platform/rm-list-runners" }
      state_machine = { arn = "arn:aws:iam::123456789012:role/platform/rm-state-machine" }
      scheduler     = { arn = "arn:aws:iam::123456789012:role/platform/rm-scheduler" }
    }
  }

  assert {
    condition     = length(aws_iam_role.get_token) + length(aws_iam_role.list_runners) + length(aws_iam_role.state_machine) + length(aws_iam_role.scheduler) == 0
    error_message = "With existing_roles the module creates no role."
  }

  assert {
    condition     = length(aws_iam_role_policy.get_token) + length(aws_iam_role_policy.list_runners) + length(aws_iam_role_policy.state_machine) + length(aws_iam_role_policy.scheduler) == 0
    error_message = "With existing_roles the module attaches no policy to roles it does not own."
  }

  assert {
    condition = [aws_lambda_function.get_token.role, aws_lambda_function.list_runners.role, aws_sfn_state_machine.this.role_arn, aws_scheduler_schedule.this.target[0].role_arn] == [
      "arn:aws:iam::123456789012:role/platform/rm-get-token",
      "arn:aws:iam::123456789012:role/platform/rm-list-runners",
      "arn:aws:iam::123456789012:role/platform/rm-state-machine",
      "arn:aws:iam::123456789012:role/platform/rm-scheduler",
    ]
    error_message = "The functions, the state machine and the schedule use the given roles."
  }

  assert {
    condition = output.role_arns == {
      get_token     = "arn:aws:iam::123456789012:role/platform/rm-get-token"
      list_runners  = "arn:aws:iam::123456789012:role/platform/rm-list-runners"
      state_machine = "arn:aws:iam::123456789012:role/platform/rm-state-machine"
      scheduler     = "arn:aws:iam::123456789012:role/platform/rm-scheduler"
    }
    error_message = "role_arns names the roles in use."
  }

  # The key policy and the dead-letter queue's policy name the roles in use.
  assert {
    condition = { for s in data.aws_iam_policy_document.kms_key[0].statement : s.sid => flatten([for p in s.principals : tolist(p.identifiers)]) if contains(["GetTokenSealsForAnExecution", "ListRunnersUnsealsForAnExecution"], s.sid) } == {
      GetTokenSealsForAnExecution      = ["arn:aws:iam::123456789012:role/platform/rm-get-token"]
      ListRunnersUnsealsForAnExecution = ["arn:aws:iam::123456789012:role/platform/rm-list-runners"]
    }
    error_message = "The key policy grants the given function roles."
  }

  assert {
    condition     = flatten([for s in data.aws_iam_policy_document.dead_letter_queue.statement : [for p in s.principals : tolist(p.identifiers)]]) == ["arn:aws:iam::123456789012:role/platform/rm-scheduler"]
    error_message = "The dead-letter queue accepts messages from the given scheduler role."
  }

  assert {
    condition     = jsonencode(keys(output.role_policies)) == jsonencode(["get_token", "list_runners", "scheduler", "state_machine"]) && output.role_policies.scheduler == data.aws_iam_policy_document.scheduler.json && output.role_policies.state_machine == data.aws_iam_policy_document.state_machine.json
    error_message = "The policies the roles need are outputs, to attach to one's own roles."
  }
}

run "bring_one_role" {
  command = plan

  variables {
    existing_roles = {
      state_machine = { arn = "arn:aws:iam::123456789012:role/rm-state-machine" }
    }
  }

  assert {
    condition     = length(aws_iam_role.state_machine) == 0 && length(aws_iam_role.get_token) == 1 && length(aws_iam_role.scheduler) == 1 && aws_sfn_state_machine.this.role_arn == "arn:aws:iam::123456789012:role/rm-state-machine"
    error_message = "Only the role given is not created."
  }
}
