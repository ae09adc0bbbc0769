locals {
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  region     = data.aws_service.states.region
  account_id = data.aws_caller_identity.current.account_id

  # The pools counted: `pools`, or the one pool of asg_name and installation_id (the inputs of a
  # single group). Both or neither is refused by a precondition on ListRunners; empty meanwhile.
  single_pool = var.asg_name != null && var.installation_id != null ? {
    (var.asg_name) = { installation_id = var.installation_id, idle_runners = null, idle_scale_factor = null, job_labels = null }
  } : {}
  pools_given = length(var.pools) > 0 ? var.pools : local.single_pool
  pools = {
    for name, pool in local.pools_given : name => {
      installation_id   = pool.installation_id
      label             = "installation_id:${pool.installation_id}"
      idle_runners      = coalesce(pool.idle_runners, var.idle_runners)
      idle_scale_factor = coalesce(pool.idle_scale_factor, var.idle_scale_factor)
    }
  }
  # The labels a pool's runners carry besides those of its online runners (pools[*].job_labels),
  # lower-cased: GitHub compares labels case-insensitively. Pools without any are left out.
  pool_job_labels = {
    for name, pool in local.pools_given : name => distinct([for label in pool.job_labels : lower(label)]) if try(length(pool.job_labels), 0) > 0
  }

  # record-metric-<the pool's group> (several pools: <github_org_name>, one deployment per
  # organization) if that is a valid name of at most 40 characters; otherwise a cut with a hash
  # of the whole, so that two groups sharing a long prefix, or differing only in characters a
  # name cannot hold, never share a name.
  default_name_of     = length(local.pools) == 1 ? keys(local.pools)[0] : var.github_org_name
  default_name_wanted = "record-metric-${local.default_name_of}"
  default_name = (can(regex("^[A-Za-z0-9_-]{1,40}$", local.default_name_wanted))
    ? local.default_name_wanted
    : "${substr(replace(local.default_name_wanted, "/[^A-Za-z0-9_-]/", "-"), 0, 31)}-${substr(sha256(local.default_name_of), 0, 8)}"
  )
  name = var.name != null ? var.name : local.default_name

  get_token_function_name    = "${local.name}-get-token"
  list_runners_function_name = "${local.name}-list-runners"

  # IAM role names (64 characters at most) and dashboard names are global to the account: the
  # region keeps the same group deployed in two regions apart. Cut with a hash if too long.
  global_names_wanted = {
    get_token_role     = { name = "${local.name}-get-token-${local.region}", max = 64 }
    list_runners_role  = { name = "${local.name}-list-runners-${local.region}", max = 64 }
    state_machine_role = { name = "${local.name}-state-machine-${local.region}", max = 64 }
    scheduler_role     = { name = "${local.name}-scheduler-${local.region}", max = 64 }
    dashboard          = { name = "${local.name}-${local.region}", max = 255 }
    # The job ledger's (job_events).
    receive_job_events_role   = { name = "${local.name}-receive-job-events-${local.region}", max = 64 }
    repair_job_ledger_role    = { name = "${local.name}-repair-job-ledger-${local.region}", max = 64 }
    repair_state_machine_role = { name = "${local.name}-repair-state-machine-${local.region}", max = 64 }
  }
  global_names = {
    for key, wanted in local.global_names_wanted : key => (length(wanted.name) <= wanted.max
      ? wanted.name
      : "${substr(wanted.name, 0, wanted.max - 9)}-${substr(sha256(wanted.name), 0, 8)}"
    )
  }

  # ARNs built from names, not read from the resources: the key policy, the trust policies and
  # the roles' policies need them, and the resources depend on those (a cycle otherwise). The
  # policies are then known at plan time, so that `terraform plan` shows them in full.
  arn_prefix = "arn:${local.partition}"
  # A role of existing_roles is named by the ARN given.
  role_arns = {
    for key in ["get_token_role", "list_runners_role", "state_machine_role", "scheduler_role"] :
    key => (var.existing_roles[trimsuffix(key, "_role")] != null
      ? var.existing_roles[trimsuffix(key, "_role")].arn
      : "${local.arn_prefix}:iam::${local.account_id}:role${var.iam_path}${local.global_names[key]}"
    )
  }
  state_machine_arn = "${local.arn_prefix}:states:${local.region}:${local.account_id}:stateMachine:${local.name}"
  execution_arn_pattern = (var.state_machine_type == "EXPRESS"
    ? "${local.arn_prefix}:states:${local.region}:${local.account_id}:express:${local.name}:*"
    : "${local.arn_prefix}:states:${local.region}:${local.account_id}:execution:${local.name}:*"
  )
  # GetToken seals a token for an execution of the state machine, or (job_events) of the
  # repair state machine; only ListRunners, or RepairJobLedger, opens it for the same execution.
  token_execution_arn_patterns = concat([local.execution_arn_pattern], local.job_events_enabled ? [local.repair_execution_arn_pattern] : [])
  schedule_group_arn           = "${local.arn_prefix}:scheduler:${local.region}:${local.account_id}:schedule-group/${local.name}"
  log_group_arn                = "${local.arn_prefix}:logs:${local.region}:${local.account_id}:log-group"
  get_token_function_arn       = "${local.arn_prefix}:lambda:${local.region}:${local.account_id}:function:${local.get_token_function_name}"
  list_runners_function_arn    = "${local.arn_prefix}:lambda:${local.region}:${local.account_id}:function:${local.list_runners_function_name}"
  dead_letter_queue_name       = "${local.name}-schedule-dlq"
  dead_letter_queue_arn        = "${local.arn_prefix}:sqs:${local.region}:${local.account_id}:${local.dead_letter_queue_name}"

  # kms_key is an object so that this is known at plan time even when its ARN is not.
  create_kms_key    = var.kms_key == null
  token_kms_key_arn = local.create_kms_key ? aws_kms_key.this[0].arn : var.kms_key.arn

  # The secret's own region (it may differ from the functions'), for kms:ViaService.
  secret_region = split(":", var.github_credentials.secret)[3]

  # Secrets Manager ends a secret's ARN in "-" and six random characters. IAM compares the ARN in
  # full, so a partial ARN (without them, which GetSecretValue accepts) is granted with
  # "-??????" too, as AWS's Secrets Manager guide does for granting a secret by name ("Permissions
  # policy examples": https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html).
  # A complete ARN is granted alone: "<arn>-??????" would also match the secret named like the
  # complete ARN's last part. An ARN ending in "-" and six letters or digits is taken as complete,
  # as Secrets Manager itself does ("Finding a secret from a partial ARN": a name ending so cannot
  # be found by its partial ARN, https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen).
  secret_arn_is_complete = can(regex(":secret:.+-[A-Za-z0-9]{6}$", var.github_credentials.secret))

  # With SnapStart the state machine invokes the `live` alias (a published version, restored
  # from its snapshot); without it, the unqualified function ($LATEST). Built from the names,
  # like the ARNs above, so that the plan shows the definition in full.
  get_token_invoke_arn    = var.snapstart ? "${local.get_token_function_arn}:live" : local.get_token_function_arn
  list_runners_invoke_arn = var.snapstart ? "${local.list_runners_function_arn}:live" : local.list_runners_function_arn

  # The schedule's interval in minutes (the validation allows rate(1 minute) and rate(N minutes)).
  schedule_minutes = tonumber(regex("^rate\\(([0-9]+) minutes?\\)$", var.schedule_expression)[0])
  schedule_seconds = local.schedule_minutes * 60

  metric_names = {
    busy          = "BusyRunners"
    idle          = "IdleRunners"
    offline       = "OfflineRunners"
    uncertainty   = "RunnerCountUncertainty"
    api_remaining = "GitHubApiRemaining"
    api_limit     = "GitHubApiLimit"
  }
  # ListRunners' demand datapoints, with job_events only (functions/job-events/README.md, issue 20):
  # per pool (asg_name), and UnmatchedQueuedJobs per deployment (state_machine).
  demand_metric_names = {
    queued             = "QueuedJobs"
    oldest_queued      = "OldestQueuedJobAgeSeconds"
    job_wait           = "JobWaitSeconds"
    flag_disagreements = "BusyFlagDisagreements"
    unmatched_queued   = "UnmatchedQueuedJobs"
  }

  # ListRunners writes the datapoints (statemachine/README.md): per pool with the dimension
  # asg_name, the API budget with state_machine = the state machine's name ($$.StateMachine.Name).
  pool_dimension = "asg_name"

  # What a target tracking policy tracks at 1 to keep max(N, ceil(f x busy)) idle runners: metric
  # math (CEIL and IF, CloudWatch's "Metric math syntax and functions"), f = 0 the fixed N. With
  # job_events the queued jobs count too: (busy + queued + wanted idle) / in_service, so that K jobs
  # queued at once ask for K more instances in the next period. FILL(queued, 0): a run without a
  # QueuedJobs datapoint (the first minutes after job_events is turned on) leaves the metric as before.
  scaling_idle_terms = {
    for pool, settings in local.pools : pool => (settings.idle_scale_factor > 0
      ? "IF(CEIL(${settings.idle_scale_factor} * busy) > ${settings.idle_runners}, CEIL(${settings.idle_scale_factor} * busy), ${settings.idle_runners})"
      : tostring(settings.idle_runners)
    )
  }
  scaling_expressions = {
    for pool, idle in local.scaling_idle_terms : pool => (local.job_events_enabled
      ? "(busy + FILL(queued, 0) + ${idle}) / in_service"
      : "(busy + ${idle}) / in_service"
    )
  }
  deployment_dimension = { name = "state_machine", value = local.name }
}
