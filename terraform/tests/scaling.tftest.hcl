# Scaling that follows demand (issue 20) against a mocked AWS provider (Terraform >= 1.7:
# `terraform test` in terraform/): off by default nothing changes; with job_events the queued jobs
# join the scaling metric, ListRunners reads the ledger, and the demand alarms exist; with
# create_scaling_policies the policies and the scale-from-zero alarm, pinned field by field.
# A metric query is written "<expression>|<return_data>|<namespace> <metric> <dimensions> <stat> <period>".

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  asg_name        = "runners"
  github_org_name = "acme"
  installation_id = "abc123"
  github_credentials = {
    type   = "token"
    secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-AbCdEf"
  }
  alarm_emails         = ["ops@example.com"]
  get_token_package    = { path = "tests/fixtures/placeholder.jar" }
  list_runners_package = { path = "tests/fixtures/placeholder.jar" }
  job_events_package   = { path = "tests/fixtures/placeholder.jar" }
}

run "off_by_default_nothing_new" {
  command = plan

  variables {
    pools = {
      runners = { installation_id = "abc123", job_labels = ["self-hosted", "Linux"] }
    }
    asg_name        = null
    installation_id = null
  }

  assert {
    condition = alltrue([for n in [
      length(aws_autoscaling_policy.track_demand), length(aws_autoscaling_policy.scale_from_zero), length(aws_cloudwatch_metric_alarm.scale_from_zero),
      length(aws_cloudwatch_metric_alarm.job_wait), length(aws_cloudwatch_metric_alarm.unmatched_queued_jobs), length(local.demand_widgets),
    ] : n == 0]) && output.scaling_policy_arns == {}
    error_message = "Without job_events and create_scaling_policies no policy, demand alarm or dashboard row may be planned."
  }

  assert {
    condition     = [for q in output.scaling_metric_queries.runners : q.id] == ["busy", "in_service", "wanted_per_instance"] && output.scaling_metric_queries.runners[2].expression == "(busy + 2) / in_service" && output.pools.runners.scaling_expression == "(busy + 2) / in_service"
    error_message = "Without job_events the scaling metric is today's: (busy + wanted idle) / in_service."
  }

  assert {
    condition     = jsonencode(sort(keys(aws_lambda_function.list_runners.environment[0].variables))) == jsonencode(["GITHUB_API_URL", "GITHUB_ORG", "LIST_RUNNERS_CONCURRENCY", "RUNNER_POOLS", "TOKEN_KMS_KEY_ID"])
    error_message = "Without job_events ListRunners gets neither JOB_LEDGER_TABLE nor POOL_JOB_LABELS (job_labels are read only with the ledger)."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.list_runners.statement : s.sid] == ["UnsealTheTokenForAnExecution", "WriteItsOwnLogs"]
    error_message = "Without job_events ListRunners' policy is today's."
  }

  assert {
    condition     = keys(output.alarm_arns) == ["dead_letters", "failure_rate", "freshness", "github_api_budget", "group_metrics", "registration_gap"]
    error_message = "Without job_events the alarms are today's."
  }
}

run "job_events_queued_jobs_in_the_metric_and_the_ledger_for_list_runners" {
  command = plan

  variables {
    asg_name        = null
    installation_id = null
    pools = {
      small = { installation_id = "abc123", job_labels = ["self-hosted", "Linux", "X64", "linux"] }
      large = { installation_id = "def456", idle_runners = 3, idle_scale_factor = 0.2 }
    }
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
    }
  }

  assert {
    condition = { for q in output.scaling_metric_queries.small : q.id => join("|", [coalesce(q.expression, "-"), tostring(q.return_data), q.metric_stat == null ? "-" : "${q.metric_stat.namespace} ${q.metric_stat.metric_name} ${jsonencode(q.metric_stat.dimensions)} ${q.metric_stat.stat}"]) } == {
      busy                = "-|false|GitHubRunners BusyRunners [{\"name\":\"asg_name\",\"value\":\"small\"}] Average"
      queued              = "-|false|GitHubRunners QueuedJobs [{\"name\":\"asg_name\",\"value\":\"small\"}] Average"
      in_service          = "-|false|AWS/AutoScaling GroupInServiceInstances [{\"name\":\"AutoScalingGroupName\",\"value\":\"small\"}] Average"
      wanted_per_instance = "(busy + FILL(queued, 0) + 2) / in_service|true|-"
    }
    error_message = "With job_events the scaling metric is (busy + queued + wanted idle) / in_service, queued the pool's QueuedJobs Average."
  }

  assert {
    condition     = output.scaling_metric_queries.large[3].expression == "(busy + FILL(queued, 0) + IF(CEIL(0.2 * busy) > 3, CEIL(0.2 * busy), 3)) / in_service" && output.pools.large.scaling_expression == output.scaling_metric_queries.large[3].expression
    error_message = "A pool's idle_runners and idle_scale_factor keep their place in the expression with the queued jobs."
  }

  assert {
    condition     = aws_lambda_function.list_runners.environment[0].variables["JOB_LEDGER_TABLE"] == "record-metric-acme-job-ledger" && aws_lambda_function.list_runners.environment[0].variables["POOL_JOB_LABELS"] == jsonencode({ small = ["self-hosted", "linux", "x64"] })
    error_message = "ListRunners gets the ledger's table and the pools' job_labels, lower-cased and once each, only for pools that have some."
  }

  assert {
    condition = jsonencode([for s in data.aws_iam_policy_document.list_runners.statement : [s.sid, s.actions, s.resources, [for c in s.condition : [c.test, c.variable, c.values]]] if startswith(s.sid, "ReadTheOpenJobs") || startswith(s.sid, "KeepItsCursor")]) == jsonencode([
      ["ReadTheOpenJobs", ["dynamodb:Query"], ["arn:aws:dynamodb:us-west-2:123456789012:table/record-metric-acme-job-ledger/index/job-starts", "arn:aws:dynamodb:us-west-2:123456789012:table/record-metric-acme-job-ledger/index/open-jobs"], []],
      ["KeepItsCursor", ["dynamodb:GetItem", "dynamodb:PutItem"], ["arn:aws:dynamodb:us-west-2:123456789012:table/record-metric-acme-job-ledger"], [["ForAllValues:StringEquals", "dynamodb:LeadingKeys", ["cursor#demand"]]]],
    ])
    error_message = "ListRunners may Query the open-jobs and job-starts indexes only, and read and write its cursor item cursor#demand only, of its own ledger table."
  }

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.job_wait["small"]] : [a.alarm_name, a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "record-metric-acme-job-wait-small", "GreaterThanThreshold", 300, 2, 2, "notBreaching"])
    error_message = "The job-wait alarm fires when the stuck wait exceeds 300 s (the default) in 2 runs."
  }

  assert {
    condition = { for q in aws_cloudwatch_metric_alarm.job_wait["small"].metric_query : q.id => join("|", concat([coalesce(q.expression, "-"), tostring(q.return_data)], [for m in q.metric : "${m.namespace} ${m.metric_name} ${jsonencode(m.dimensions)} ${m.stat} ${m.period}"])) } == {
      stuck_wait = "IF((FILL(idle, 0) > 0) + (FILL(in_service - max_size, -1) >= 0) > 0, FILL(oldest, 0), 0)|true"
      oldest     = "-|false|GitHubRunners OldestQueuedJobAgeSeconds {\"asg_name\":\"small\"} Maximum 60"
      idle       = "-|false|GitHubRunners IdleRunners {\"asg_name\":\"small\"} Minimum 60"
      in_service = "-|false|AWS/AutoScaling GroupInServiceInstances {\"AutoScalingGroupName\":\"small\"} Maximum 60"
      max_size   = "-|false|AWS/AutoScaling GroupMaxSize {\"AutoScalingGroupName\":\"small\"} Minimum 60"
    }
    error_message = "The job-wait alarm's math: the oldest queued job's wait while the pool has idle runners or its group is at max size."
  }

  assert {
    condition = jsonencode([for a in aws_cloudwatch_metric_alarm.unmatched_queued_jobs : [a.alarm_name, a.namespace, a.metric_name, a.dimensions, a.statistic, a.period, a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data]][0]) == jsonencode([
    "record-metric-acme-unmatched-queued-jobs", "GitHubRunners", "UnmatchedQueuedJobs", { state_machine = "record-metric-acme" }, "Minimum", 60, "GreaterThanThreshold", 0, 3, 3, "notBreaching"])
    error_message = "The unmatched-jobs alarm fires when UnmatchedQueuedJobs stays above 0 for 3 runs."
  }

  assert {
    condition     = length(aws_autoscaling_policy.track_demand) == 0 && length(aws_autoscaling_policy.scale_from_zero) == 0 && length(aws_cloudwatch_metric_alarm.scale_from_zero) == 0 && output.scaling_policy_arns == {}
    error_message = "Without create_scaling_policies no policy is created, job_events or not."
  }

  assert {
    condition     = length(local.demand_widgets) == 4 && [for w in local.demand_widgets : w.properties.metrics[0][1]] == ["QueuedJobs", "BusyRunners", "QueuedJobs", "BusyRunners"] && [for m in local.demand_widgets[0].properties.metrics : m[4].stat] == ["Maximum", "Maximum", "p50", "p95"] && local.demand_widgets[1].properties.metrics[2][1] == "BusyFlagDisagreements"
    error_message = "The dashboard has two demand widgets per pool: queued jobs, oldest wait and JobWaitSeconds p50/p95; busy, idle and BusyFlagDisagreements."
  }
}

run "create_scaling_policies_with_job_events" {
  command = plan

  variables {
    create_scaling_policies = true
    job_wait_alarm_seconds  = 600
    job_events = {
      webhook_secret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:github-webhook-AbCdEf"
    }
  }

  override_resource {
    target          = aws_autoscaling_policy.scale_from_zero
    override_during = plan
    values = {
      arn = "arn:aws:autoscaling:us-west-2:123456789012:scalingPolicy:example:autoScalingGroupName/runners:policyName/record-metric-runners-scale-from-zero"
    }
  }

  assert {
    condition = jsonencode([for p in [aws_autoscaling_policy.track_demand["runners"]] : [p.name, p.autoscaling_group_name, p.policy_type, p.target_tracking_configuration[0].target_value, p.target_tracking_configuration[0].disable_scale_in == true]][0]) == jsonencode([
    "record-metric-runners-track-demand", "runners", "TargetTrackingScaling", 1, false])
    error_message = "The target tracking policy tracks the scaling metric at 1 on the pool's group."
  }

  assert {
    condition = toset([for m in one(aws_autoscaling_policy.track_demand["runners"].target_tracking_configuration[0].customized_metric_specification).metrics : join("|", [m.id, coalesce(m.expression, "-"), tostring(m.return_data), join(",", [for s in m.metric_stat : "${s.metric[0].namespace} ${s.metric[0].metric_name} ${jsonencode(s.metric[0].dimensions)} ${s.stat}"])])]) == toset([
      "busy|-|false|GitHubRunners BusyRunners [{\"name\":\"asg_name\",\"value\":\"runners\"}] Average",
      "queued|-|false|GitHubRunners QueuedJobs [{\"name\":\"asg_name\",\"value\":\"runners\"}] Average",
      "in_service|-|false|AWS/AutoScaling GroupInServiceInstances [{\"name\":\"AutoScalingGroupName\",\"value\":\"runners\"}] Average",
      "wanted_per_instance|(busy + FILL(queued, 0) + 2) / in_service|true|",
    ])
    error_message = "The target tracking policy's customized metric is scaling_metric_queries, block for block."
  }

  assert {
    condition = jsonencode([for p in [aws_autoscaling_policy.scale_from_zero["runners"]] : [p.name, p.autoscaling_group_name, p.policy_type, p.adjustment_type, p.metric_aggregation_type, p.estimated_instance_warmup]][0]) == jsonencode([
    "record-metric-runners-scale-from-zero", "runners", "StepScaling", "ChangeInCapacity", "Maximum", 300])
    error_message = "The scale-from-zero policy is a step policy adding instances (ChangeInCapacity), warm-up 300 s."
  }

  assert {
    condition = toset([for s in aws_autoscaling_policy.scale_from_zero["runners"].step_adjustment : "${s.metric_interval_lower_bound}..${s.metric_interval_upper_bound == null ? "" : s.metric_interval_upper_bound}:+${s.scaling_adjustment}"]) == toset([
      "0..2:+1", "2..3:+2", "3..4:+3", "4..5:+4", "5..6:+5", "6..7:+6", "7..8:+7", "8..9:+8", "9..10:+9", "10..15:+10", "15..20:+15", "20..30:+20", "30..40:+30", "40..50:+40", "50..:+50",
    ])
    error_message = "The steps add one instance per queued job (the largest step at or below the count), up to 50 in a period."
  }

  assert {
    condition = jsonencode([for a in [aws_cloudwatch_metric_alarm.scale_from_zero["runners"]] : [a.alarm_name, a.comparison_operator, a.threshold, a.evaluation_periods, a.datapoints_to_alarm, a.treat_missing_data, a.alarm_actions]][0]) == jsonencode([
      "record-metric-runners-scale-from-zero", "GreaterThanThreshold", 0, 1, 1, "notBreaching",
    ["arn:aws:autoscaling:us-west-2:123456789012:scalingPolicy:example:autoScalingGroupName/runners:policyName/record-metric-runners-scale-from-zero"]])
    error_message = "The scale-from-zero alarm fires on one period above 0 and runs the step policy (only it: no notification)."
  }

  assert {
    condition = { for q in aws_cloudwatch_metric_alarm.scale_from_zero["runners"].metric_query : q.id => join("|", concat([coalesce(q.expression, "-"), tostring(q.return_data)], [for m in q.metric : "${m.namespace} ${m.metric_name} ${jsonencode(m.dimensions)} ${m.stat} ${m.period}"])) } == {
      queued_at_zero = "IF(in_service == 0, queued, 0)|true"
      in_service     = "-|false|AWS/AutoScaling GroupInServiceInstances {\"AutoScalingGroupName\":\"runners\"} Maximum 60"
      queued         = "-|false|GitHubRunners QueuedJobs {\"asg_name\":\"runners\"} Maximum 60"
    }
    error_message = "The scale-from-zero alarm's math: IF(in_service == 0, queued, 0), both Maximum over one run's period."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.job_wait["runners"].threshold == 600 && aws_cloudwatch_metric_alarm.job_wait["runners"].alarm_name == "record-metric-runners-job-wait"
    error_message = "job_wait_alarm_seconds is the job-wait alarm's threshold."
  }

  assert {
    condition     = keys(output.scaling_policy_arns.runners) == ["scale_from_zero", "track_demand"] && output.scaling_policy_arns.runners.scale_from_zero == "arn:aws:autoscaling:us-west-2:123456789012:scalingPolicy:example:autoScalingGroupName/runners:policyName/record-metric-runners-scale-from-zero" && contains(keys(output.alarm_arns), "scale_from_zero")
    error_message = "scaling_policy_arns and alarm_arns name the created policies and the scale-from-zero alarm."
  }
}

run "create_scaling_policies_without_job_events" {
  command = plan

  variables {
    create_scaling_policies = true
  }

  assert {
    condition     = length(aws_autoscaling_policy.track_demand) == 1 && length(aws_autoscaling_policy.scale_from_zero) == 0 && length(aws_cloudwatch_metric_alarm.scale_from_zero) == 0 && length(aws_cloudwatch_metric_alarm.job_wait) == 0
    error_message = "Without job_events (no QueuedJobs) only the target tracking policy is created."
  }

  assert {
    condition     = [for m in one(aws_autoscaling_policy.track_demand["runners"].target_tracking_configuration[0].customized_metric_specification).metrics : m.expression if m.return_data] == ["(busy + 2) / in_service"] && !contains(keys(output.alarm_arns), "scale_from_zero")
    error_message = "Without job_events the policy tracks today's expression."
  }
}

run "job_labels_with_a_comma" {
  command = plan

  variables {
    asg_name        = null
    installation_id = null
    pools = {
      runners = { installation_id = "abc123", job_labels = ["self-hosted,linux"] }
    }
  }

  expect_failures = [var.pools]
}

run "job_labels_empty_list" {
  command = plan

  variables {
    asg_name        = null
    installation_id = null
    pools = {
      runners = { installation_id = "abc123", job_labels = [] }
    }
  }

  expect_failures = [var.pools]
}

run "job_label_too_long" {
  command = plan

  variables {
    asg_name        = null
    installation_id = null
    pools = {
      runners = { installation_id = "abc123", job_labels = ["self-hosted", join("", [for i in range(101) : "a"])] }
    }
  }

  expect_failures = [var.pools]
}

run "job_wait_alarm_below_a_minute" {
  command = plan

  variables {
    job_wait_alarm_seconds = 30
  }

  expect_failures = [var.job_wait_alarm_seconds]
}

run "job_wait_alarm_not_whole" {
  command = plan

  variables {
    job_wait_alarm_seconds = 300.5
  }

  expect_failures = [var.job_wait_alarm_seconds]
}
