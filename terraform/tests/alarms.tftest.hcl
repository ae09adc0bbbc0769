# Every alarm's behaviour, pinned: statistic, comparison operator, threshold, evaluation periods,
# datapoints to alarm, treat_missing_data and each metric query (Terraform >= 1.7, mocked
# provider: `terraform test` in terraform/). A metric query is written
# "<expression>|<return_data>|<namespace> <metric> <stat> <period>".

mock_provider "aws" {
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

run "failure_rate_alarm" {
  command = plan

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.failure_rate] : [a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "GreaterThanOrEqualToThreshold", 10, 1, 1, "notBreaching"])
    error_message = "The failure-rate alarm fires when failures are at or above 10 % in one period; no executions is not breaching (that is the freshness alarm's business)."
  }

  assert {
    condition = { for q in aws_cloudwatch_metric_alarm.failure_rate.metric_query : q.id => join("|", concat([coalesce(q.expression, "-"), tostring(q.return_data)], [for m in q.metric : "${m.namespace} ${m.metric_name} ${m.stat} ${m.period}"])) } == {
      failure_rate = "IF(FILL(started, 0) > 0, 100 * (FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)) / FILL(started, 0), 0)|true"
      started      = "-|false|AWS/States ExecutionsStarted Sum 900"
      failed       = "-|false|AWS/States ExecutionsFailed Sum 900"
      timed_out    = "-|false|AWS/States ExecutionsTimedOut Sum 900"
      aborted      = "-|false|AWS/States ExecutionsAborted Sum 900"
    }
    error_message = "The failure-rate alarm's metric math: 100 x (failed + timed out + aborted) / started, each a Sum over 15 runs."
  }
}

# alert_strategy = "immediate" (the original module's other strategy): the first failed, timed out
# or aborted execution puts the alarm in ALARM, within one run's period.
run "immediate_alert_strategy" {
  command = plan

  variables {
    alert_strategy = "immediate"
  }

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.failure_rate] : [a.alarm_name, a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "record-metric-runners-failed-executions", "GreaterThanOrEqualToThreshold", 1, 1, 1, "notBreaching"])
    error_message = "The immediate strategy fires on one failed execution in one period; no executions is not breaching."
  }

  assert {
    condition = { for q in aws_cloudwatch_metric_alarm.failure_rate.metric_query : q.id => join("|", concat([coalesce(q.expression, "-"), tostring(q.return_data)], [for m in q.metric : "${m.namespace} ${m.metric_name} ${m.stat} ${m.period}"])) } == {
      failures  = "FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)|true"
      failed    = "-|false|AWS/States ExecutionsFailed Sum 60"
      timed_out = "-|false|AWS/States ExecutionsTimedOut Sum 60"
      aborted   = "-|false|AWS/States ExecutionsAborted Sum 60"
    }
    error_message = "The immediate strategy counts failed + timed out + aborted executions of each run's period."
  }
}

run "freshness_alarm" {
  command = plan

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.freshness["runners"]] : [a.namespace, a.metric_name, a.dimensions, a.statistic, a.period, a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "GitHubRunners", "IdleRunners", { asg_name = "runners" }, "SampleCount", 60, "LessThanThreshold", 1, 5, 5, "breaching"])
    error_message = "The freshness alarm counts IdleRunners datapoints (SampleCount < 1, not the value: an idle count of 0 is a datapoint) in each of 5 one-minute periods, missing data breaching."
  }
}

run "dead_letters_alarm" {
  command = plan

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.dead_letters] : [a.namespace, a.metric_name, a.dimensions, a.statistic, a.period, a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "AWS/SQS", "NumberOfMessagesSent", { QueueName = "record-metric-runners-schedule-dlq" }, "Sum", 300, "GreaterThanThreshold", 0, 1, 1, "notBreaching"])
    error_message = "The dead-letter alarm fires on any message sent to the queue in 5 minutes; no messages is not breaching."
  }
}

run "github_api_budget_alarm" {
  command = plan

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.github_api_budget] : [a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "LessThanThreshold", 20, 1, 1, "notBreaching"])
    error_message = "The API budget alarm fires under 20 % left in one period; no datapoints (no rate-limit headers) is not breaching."
  }

  assert {
    condition = { for q in aws_cloudwatch_metric_alarm.github_api_budget.metric_query : q.id => join("|", concat([coalesce(q.expression, "-"), tostring(q.return_data)], [for m in q.metric : "${m.namespace} ${m.metric_name} ${m.stat} ${m.period}"])) } == {
      remaining_percent = "100 * remaining / limit|true"
      remaining         = "-|false|GitHubRunners GitHubApiRemaining Minimum 60"
      limit             = "-|false|GitHubRunners GitHubApiLimit Maximum 60"
    }
    error_message = "The API budget alarm's metric math: 100 x the period's lowest remaining / its highest limit."
  }
}

run "registration_gap_alarm" {
  command = plan

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.registration_gap["runners"]] : [a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "GreaterThanThreshold", 0, 10, 10, "notBreaching"])
    error_message = "The registration-gap alarm fires when the gap is above 0 in all of 10 one-minute periods."
  }

  assert {
    condition = { for q in aws_cloudwatch_metric_alarm.registration_gap["runners"].metric_query : q.id => join("|", concat([coalesce(q.expression, "-"), tostring(q.return_data)], [for m in q.metric : "${m.namespace} ${m.metric_name} ${m.stat} ${m.period}"])) } == {
      gap        = "in_service - (busy + idle)|true"
      in_service = "-|false|AWS/AutoScaling GroupInServiceInstances Minimum 60"
      busy       = "-|false|GitHubRunners BusyRunners Maximum 60"
      idle       = "-|false|GitHubRunners IdleRunners Maximum 60"
    }
    error_message = "The registration-gap alarm's metric math: the period's fewest instances in service minus the most online runners."
  }
}

run "every_alarm_is_pinned_here" {
  command = plan

  # A new alarm must get its own run above: this list fails until it is added.
  assert {
    condition     = jsonencode(sort(concat([for a in [aws_cloudwatch_metric_alarm.failure_rate, aws_cloudwatch_metric_alarm.dead_letters, aws_cloudwatch_metric_alarm.github_api_budget] : a.alarm_name], [for a in values(aws_cloudwatch_metric_alarm.freshness) : a.alarm_name], [for a in values(aws_cloudwatch_metric_alarm.registration_gap) : a.alarm_name]))) == jsonencode(["record-metric-runners-dead-letters", "record-metric-runners-failure-rate", "record-metric-runners-github-api-budget", "record-metric-runners-no-datapoints", "record-metric-runners-registration-gap"])
    error_message = "The alarms are not the five pinned here."
  }
}
