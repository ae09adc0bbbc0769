################################################################################
# What to count
################################################################################

variable "asg_name" {
  description = "Name of the Auto Scaling group whose runners are counted: one pool, with `installation_id`. It is the value of the `asg_name` dimension of the published metrics. For several pools use `pools` instead."
  type        = string
  default     = null

  validation {
    condition     = var.asg_name == null || can(regex("^[^[:cntrl:]]{1,255}$", var.asg_name))
    error_message = "asg_name must be 1 to 255 characters long (the limit of an Auto Scaling group name) without control characters."
  }

  # A CloudWatch dimension value is ASCII without control characters and not blank (CloudWatch API
  # Reference, Dimension); PutMetricData refuses any other.
  validation {
    condition     = var.asg_name == null || can(regex("^[ -~]*[!-~][ -~]*$", var.asg_name))
    error_message = "asg_name ${jsonencode(var.asg_name)} cannot be the value of the asg_name dimension: CloudWatch takes only printable ASCII characters, not all spaces. Rename the Auto Scaling group."
  }
}

variable "github_org_name" {
  description = "GitHub organization whose self-hosted runners are listed."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,37}[A-Za-z0-9])?$", var.github_org_name))
    error_message = "github_org_name must be a GitHub organization login: 1 to 39 letters, digits or hyphens, not starting or ending with a hyphen."
  }
}

variable "installation_id" {
  description = "With `asg_name`: runners labelled `installation_id:<installation_id>` are counted; others are ignored."
  type        = string
  default     = null

  validation {
    condition     = var.installation_id == null || can(regex("^[^,\\s]{1,84}$", var.installation_id))
    error_message = "installation_id must be 1 to 84 characters without whitespace or comma (it becomes part of a runner label of at most 100)."
  }
}

variable "pools" {
  description = "Several runner pools counted from one listing of the organization a minute, instead of `asg_name` and `installation_id`: each key is an Auto Scaling group's name (the `asg_name` dimension of its metrics), `installation_id` the label value its runners carry. `idle_runners` and `idle_scale_factor` override the module's for this pool's `scaling_metric_queries`. `job_labels` (with `job_events`): the labels the pool's runners carry, so that a queued job asking for them (`runs-on`, compared case-insensitively) counts for the pool even while it has no runner online (scale from zero); a pool's labels are its online runners' and these. At most 50 pools, and their names and ids must fit Lambda's 4 KB of environment variables (about 3,500 characters in all)."
  type = map(object({
    installation_id   = string
    idle_runners      = optional(number)
    idle_scale_factor = optional(number)
    job_labels        = optional(list(string))
  }))
  default  = {}
  nullable = false

  # GitHub: a runner's custom label is at most 100 characters, and config.sh takes the labels as
  # one comma-separated list ("Using labels with self-hosted runners"); the module's own
  # installation_id label follows the same rule. Jobs match labels case-insensitively.
  validation {
    condition = alltrue([for pool in values(var.pools) : pool.job_labels == null ? true : length(pool.job_labels) >= 1 && alltrue([
    for label in pool.job_labels : can(regex("^[^,\\s[:cntrl:]]{1,100}$", label))])])
    error_message = "A pool's job_labels must be a non-empty list of runner labels, each 1 to 100 characters without whitespace or comma (GitHub's runner labels), e.g. [\"self-hosted\", \"linux\", \"x64\"]; leave job_labels out for none. Bad: ${jsonencode(flatten([for name, pool in var.pools : [for label in coalesce(pool.job_labels, []) : "${name}: ${jsonencode(label)}" if !can(regex("^[^,\\s[:cntrl:]]{1,100}$", label))]]))}."
  }

  validation {
    condition     = alltrue([for name, pool in var.pools : can(regex("^[^[:cntrl:]]{1,255}$", name)) && can(regex("^[^,\\s]{1,84}$", pool.installation_id))])
    error_message = "Every key of pools must be an Auto Scaling group name (1 to 255 characters without control characters), and every installation_id 1 to 84 characters without whitespace or comma."
  }

  # A CloudWatch dimension value is ASCII without control characters and not blank (CloudWatch API
  # Reference, Dimension), and all pools share one PutMetricData request: one such name would stop
  # every pool's metrics.
  validation {
    condition     = alltrue([for name in keys(var.pools) : can(regex("^[ -~]*[!-~][ -~]*$", name))])
    error_message = "Pools ${jsonencode([for name in keys(var.pools) : name if !can(regex("^[ -~]*[!-~][ -~]*$", name))])} cannot be values of the asg_name dimension: CloudWatch takes only printable ASCII characters, not all spaces, and one such pool would stop every pool's metrics. Rename their Auto Scaling groups."
  }

  validation {
    condition     = length(distinct([for pool in values(var.pools) : lower(pool.installation_id)])) == length(var.pools)
    error_message = "Two pools have the same installation_id (labels compare case-insensitively): each pool needs a label of its own, or a runner would count in both."
  }

  validation {
    condition     = length(var.pools) <= 50
    error_message = "pools takes at most 50 pools per deployment (3 datapoints each in one PutMetricData request, and their counts in states Step Functions caps at 256 KiB): split them over deployments."
  }

  validation {
    condition = alltrue([for pool in values(var.pools) : (pool.idle_runners == null ? true : pool.idle_runners >= 1 && floor(pool.idle_runners) == pool.idle_runners)
    && (pool.idle_scale_factor == null ? true : pool.idle_scale_factor >= 0 && pool.idle_scale_factor <= 10)])
    error_message = "A pool's idle_runners must be a whole number of at least 1 and its idle_scale_factor from 0 to 10."
  }
}

variable "runner_group_id" {
  description = "List only this runner group's runners (`GET /orgs/{org}/actions/runner-groups/{id}/runners`) instead of the whole organization's: requests then grow with the group's runners, not the organization's. Every pool's runners must be in the group. Null lists the organization."
  type        = number
  default     = null

  validation {
    condition     = var.runner_group_id == null ? true : var.runner_group_id >= 1 && floor(var.runner_group_id) == var.runner_group_id
    error_message = "runner_group_id must be a runner group's id, a whole number from 1 (GET /orgs/{org}/actions/runner-groups lists them)."
  }
}

variable "list_runners_concurrency" {
  description = "How many pages of the runner list ListRunners fetches at once (LIST_RUNNERS_CONCURRENCY). GitHub asks clients to avoid concurrent requests; fewer pages in flight lengthen the listing, and with it the runs' error bound under turnover. 4 lists 10,000 runners in both passes in about 5 s at 100 ms a request (the README's Performance section has the trade). After a secondary rate limit a warm instance lists one page at a time until the next full hour, whatever this says."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.list_runners_concurrency >= 1 && var.list_runners_concurrency <= 10 && floor(var.list_runners_concurrency) == var.list_runners_concurrency
    error_message = "list_runners_concurrency must be a whole number from 1 (one page at a time) to 10."
  }
}

variable "github_credentials" {
  description = "How GetToken authenticates to GitHub: `type` is `token` (a personal access token) or `pem` (a GitHub App private key), `secret` is the ARN of the Secrets Manager secret that holds it: the complete ARN (ending in `-` and six random characters), granted to GetToken as it is, or the partial one without that suffix, granted as `<secret>` and `<secret>-??????`. An ARN ending in `-` and six letters or digits is taken as complete, as Secrets Manager does: a secret whose name ends so cannot be given by its partial ARN."
  type = object({
    type   = string
    secret = string
  })

  validation {
    condition     = contains(["token", "pem"], var.github_credentials.type)
    error_message = "github_credentials.type must be \"token\" or \"pem\"."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$", var.github_credentials.secret))
    error_message = "github_credentials.secret must be the ARN of a Secrets Manager secret (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME, with or without the -xxxxxx suffix), not its name: GetToken's permission is granted on the ARN."
  }
}

variable "github_app_id" {
  description = "GitHub App id (digits) or client id (`Iv...`). Required when `github_credentials.type` is `pem`, ignored otherwise."
  type        = string
  default     = null

  validation {
    condition     = var.github_app_id == null || can(regex("^([0-9]+|Iv[0-9A-Za-z.]+)$", var.github_app_id))
    error_message = "github_app_id must be a GitHub App id (digits only) or a client id (starting with \"Iv\")."
  }
}

variable "github_api_url" {
  description = "Base URL of the GitHub REST API. Change it for GitHub Enterprise Server: `https://HOST/api/v3`."
  type        = string
  default     = "https://api.github.com"
  nullable    = false

  validation {
    condition     = can(regex("^https://[^/\\s]+(/[^\\s]*[^/\\s])?$", var.github_api_url))
    error_message = "github_api_url must be an https:// URL without a trailing slash, e.g. https://api.github.com or https://github.example.com/api/v3."
  }
}

variable "github_credentials_kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the GitHub credentials secret, if it is not the AWS managed `aws/secretsmanager` key. GetToken is then allowed `kms:Decrypt` on it through Secrets Manager in the secret's region only."
  type        = string
  default     = null

  validation {
    condition     = var.github_credentials_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.github_credentials_kms_key_arn))
    error_message = "github_credentials_kms_key_arn must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID), not an alias."
  }
}

################################################################################
# Naming, tags and IAM
################################################################################

variable "name" {
  description = "Base name of everything this module creates (functions `<name>-get-token` and `<name>-list-runners`, state machine, schedule group and schedule, queue, topic, alarms, log groups; IAM roles and the dashboard, whose names are global to the account, add the region). It is also the `state_machine` dimension of the GitHub API budget metrics. Defaults to `record-metric-<asg_name>` (one pool: its group's name; several pools: `github_org_name`) when that is at most 40 letters, digits, `-` and `_`; otherwise its first 31 characters (others replaced by `-`), `-` and 8 hex digits of the SHA-256 of that name, so that two groups never share a name."
  type        = string
  default     = null

  validation {
    condition     = var.name == null || can(regex("^[A-Za-z0-9_-]{1,40}$", var.name))
    error_message = "name must be 1 to 40 letters, digits, hyphens or underscores (it prefixes Lambda function names, which allow 64)."
  }
}

variable "tags" {
  description = "Tags added to every resource that takes tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "iam_path" {
  description = "Path of the IAM roles the module creates (GetToken, ListRunners, state machine, scheduler)."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = length(var.iam_path) <= 512 && can(regex("^/([\\x21-\\x7E]*/)?$", var.iam_path))
    error_message = "iam_path must start and end with / (e.g. / or /record-metric/), at most 512 printable ASCII characters without spaces."
  }
}

variable "permissions_boundary" {
  description = "ARN of the managed policy set as the permissions boundary of the IAM roles the module creates, where the organization requires one. It must allow what the roles' policies grant (see the IAM section of the README)."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", var.permissions_boundary))
    error_message = "permissions_boundary must be the ARN of a managed IAM policy (arn:PARTITION:iam::ACCOUNT:policy/NAME)."
  }
}

variable "existing_roles" {
  description = "Bring your own IAM roles instead of the ones the module creates, per role: `{ get_token = { arn = \"...\" }, list_runners = ..., state_machine = ..., scheduler = ... }`; a role left out is created. The module attaches nothing to a role it does not own: give it the policy of `role_policies` (or one granting at least as much) and a trust policy for its service (`lambda.amazonaws.com`, `states.amazonaws.com`, `scheduler.amazonaws.com`). The module's key and dead-letter queue policies name the given roles. Objects, so that whether a role is created is known at plan time even when its ARN is not."
  type = object({
    get_token     = optional(object({ arn = string }))
    list_runners  = optional(object({ arn = string }))
    state_machine = optional(object({ arn = string }))
    scheduler     = optional(object({ arn = string }))
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for role in values(var.existing_roles) : role == null ? true : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", role.arn))])
    error_message = "Every arn of existing_roles must be an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME)."
  }
}

################################################################################
# Metrics and schedule
################################################################################

variable "metric_namespace" {
  description = "CloudWatch namespace of the published metrics (BusyRunners, IdleRunners, OfflineRunners, RunnerCountUncertainty, GitHubApiRemaining, GitHubApiLimit)."
  type        = string
  default     = "GitHubRunners"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9A-Za-z._/#:-]{1,255}$", var.metric_namespace)) && !startswith(var.metric_namespace, "AWS/")
    error_message = "metric_namespace must be 1 to 255 of the characters CloudWatch allows (letters, digits, . _ / # : -) and must not start with \"AWS/\"."
  }
}

variable "schedule_expression" {
  description = "How often the state machine runs: `rate(1 minute)` or `rate(N minutes)` with N from 2 to 60. The alarms' periods, the dashboard's and how long Scheduler keeps retrying a start are derived from the interval; a `cron()` expression has no fixed interval to derive them from and is not accepted."
  type        = string
  default     = "rate(1 minute)"
  nullable    = false

  validation {
    condition = (
      var.schedule_expression == "rate(1 minute)" ||
      (can(regex("^rate\\(([2-9]|[1-5][0-9]|60) minutes\\)$", var.schedule_expression)))
    )
    error_message = "schedule_expression must be rate(1 minute) or rate(N minutes) with N from 2 to 60 (Scheduler wants the singular for 1): the alarms are sized from the interval, which cron() and at() expressions do not have."
  }
}

variable "schedule_state" {
  description = "`ENABLED` runs the schedule; `DISABLED` pauses it (the schedule's `state`) without removing anything, e.g. during maintenance of the fleet. While it is paused no datapoints are recorded: the no-datapoints alarms fire, and Auto Scaling acts on the last datapoints until then."
  type        = string
  default     = "ENABLED"
  nullable    = false

  validation {
    condition     = contains(["ENABLED", "DISABLED"], var.schedule_state)
    error_message = "schedule_state must be \"ENABLED\" or \"DISABLED\" (EventBridge Scheduler's values)."
  }
}

################################################################################
# Functions
################################################################################

variable "java_runtime" {
  description = "Lambda runtime of both functions. `java25` needs an AWS provider that knows the runtime (6.x)."
  type        = string
  default     = "java21"
  nullable    = false

  validation {
    condition     = contains(["java21", "java25"], var.java_runtime)
    error_message = "java_runtime must be \"java21\" or \"java25\" (the functions are Java 21 bytecode)."
  }
}

variable "python_version" {
  description = "Accepted so that the original Python module's call works unchanged, and ignored: the functions are Java (see `java_runtime`)."
  type        = string
  default     = null
}

variable "architecture" {
  description = "Instruction set of both functions."
  type        = string
  default     = "x86_64"
  nullable    = false

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "lambda_memory_size" {
  description = "Memory of each function in MB. Lambda gives CPU in proportion to it (one vCPU at 1,769 MB): 1024 is the smallest size measured at which a Java cold start fits within half its task timeout even when the init phase runs at that CPU share; at 256 MB a cold start can outlast the task (see the README's Memory size and cold starts)."
  type        = number
  default     = 1024
  nullable    = false

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240 && floor(var.lambda_memory_size) == var.lambda_memory_size
    error_message = "lambda_memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "lambda_timeout" {
  description = "Timeout of each function in seconds. The state machine stops waiting sooner (GetToken after 8 s, ListRunners after 9 s, see statemachine/README.md); a longer function timeout only lets a slow cold start finish and warm the instance for the retry. It does not give a large organization more time: ListRunners must list within its 9 s whatever this is. Measured at 1,024 MB with 100 ms per GitHub request and 10 pages in flight, before the second pass of issue 17, a warm listing fits up to about 60,000 runners (7.1 s; 80,000 take 8.8 s) and a cold start up to 20,000 (7.7 s at worst); at the default 4 pages in flight (list_runners_concurrency) both passes fit up to about 15,000 runners and the first alone up to about 30,000; GitHub's hourly rate limits stop a listing a minute sooner, at about 8,200 runners (5,000 requests an hour) to 24,900 (15,000). See the README's Memory size and cold starts."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900 && floor(var.lambda_timeout) == var.lambda_timeout
    error_message = "lambda_timeout must be a whole number of seconds from 1 to 900."
  }
}

variable "snapstart" {
  description = "Enable Lambda SnapStart: publishes a version of each function on every code change and has the state machine invoke a `live` alias to it, which cuts Java cold starts."
  type        = bool
  default     = false
  nullable    = false
}

variable "get_token_package" {
  description = "Where the GetToken package comes from: `{ path = \"get-token.jar\" }` (a local file), or `{ s3_bucket, s3_key, s3_object_version }` (an S3 object in the functions' region; without `s3_object_version` a new upload under the same key is not noticed). `{}` (the default) is `packages/get-token.jar` inside this module, where the release archive of the module has it."
  type = object({
    path              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = !(var.get_token_package.path != null && var.get_token_package.s3_bucket != null)
    error_message = "get_token_package takes one source: either path or s3_bucket with s3_key, not both."
  }

  validation {
    condition     = (var.get_token_package.s3_bucket == null) == (var.get_token_package.s3_key == null) && (var.get_token_package.s3_object_version == null || var.get_token_package.s3_bucket != null)
    error_message = "get_token_package: s3_bucket and s3_key go together, and s3_object_version only with them."
  }

  validation {
    condition     = var.get_token_package.path == null || can(regex("\\.(jar|zip)$", var.get_token_package.path))
    error_message = "get_token_package.path must be the path of a .jar or .zip file."
  }
}

variable "list_runners_package" {
  description = "Where the ListRunners package comes from: `{ path = \"list-runners.jar\" }` (a local file), or `{ s3_bucket, s3_key, s3_object_version }` (an S3 object in the functions' region; without `s3_object_version` a new upload under the same key is not noticed). `{}` (the default) is `packages/list-runners.jar` inside this module, where the release archive of the module has it."
  type = object({
    path              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = !(var.list_runners_package.path != null && var.list_runners_package.s3_bucket != null)
    error_message = "list_runners_package takes one source: either path or s3_bucket with s3_key, not both."
  }

  validation {
    condition     = (var.list_runners_package.s3_bucket == null) == (var.list_runners_package.s3_key == null) && (var.list_runners_package.s3_object_version == null || var.list_runners_package.s3_bucket != null)
    error_message = "list_runners_package: s3_bucket and s3_key go together, and s3_object_version only with them."
  }

  validation {
    condition     = var.list_runners_package.path == null || can(regex("\\.(jar|zip)$", var.list_runners_package.path))
    error_message = "list_runners_package.path must be the path of a .jar or .zip file."
  }
}

variable "vpc_config" {
  description = "Run both functions in these subnets with these security groups, e.g. to reach a GitHub Enterprise Server inside a VPC. The subnets need a route to Secrets Manager, KMS and CloudWatch Logs (a NAT gateway or VPC endpoints) and to the GitHub API. Null (the default) runs them outside any VPC."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null

  validation {
    condition     = var.vpc_config == null ? true : length(var.vpc_config.subnet_ids) >= 1 && length(var.vpc_config.security_group_ids) >= 1
    error_message = "vpc_config needs at least one subnet id and one security group id."
  }
}

variable "cloudwatch_log_group_retention" {
  description = "Days the functions' and the state machine's logs are kept (0 keeps them forever)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_log_group_retention)
    error_message = "cloudwatch_log_group_retention must be one of CloudWatch's values: 0 (never expire), 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "cloudwatch_log_group_kms_key_arn" {
  description = "ARN of a KMS key to encrypt the three log groups with. Its key policy must let `logs.<region>.<dns suffix>` use it (CloudWatch Logs' documented key policy). Null leaves them encrypted by CloudWatch Logs' own keys."
  type        = string
  default     = null

  validation {
    condition     = var.cloudwatch_log_group_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.cloudwatch_log_group_kms_key_arn))
    error_message = "cloudwatch_log_group_kms_key_arn must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID), not an alias."
  }
}

variable "kms_key" {
  description = "An existing KMS key to seal the GitHub token with, instead of the key this module creates: `{ arn = <the key's ARN> }`. An object, so that whether the module creates its own key is known at plan time even when the ARN is not. Its key policy must let IAM policies grant access (the account root statement): the module's roles get `kms:Encrypt`/`kms:Decrypt` on it bound to the execution ARN, and the Deny statements of the module's own key are then the key owner's business."
  type = object({
    arn = string
  })
  default = null

  validation {
    condition     = var.kms_key == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key.arn))
    error_message = "kms_key.arn must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID), not an alias."
  }
}

################################################################################
# State machine
################################################################################

variable "state_machine_type" {
  description = "`STANDARD` keeps every execution's history and graph in the console; `EXPRESS` is cheaper at one run a minute but its history is only in the log group (set `state_machine_log_level = \"ALL\"`)."
  type        = string
  default     = "STANDARD"
  nullable    = false

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.state_machine_type)
    error_message = "state_machine_type must be \"STANDARD\" or \"EXPRESS\"."
  }
}

variable "state_machine_log_level" {
  description = "What the state machine writes to its log group: `ALL`, `ERROR`, `FATAL` or `OFF`."
  type        = string
  default     = "ERROR"
  nullable    = false

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.state_machine_log_level)
    error_message = "state_machine_log_level must be one of ALL, ERROR, FATAL, OFF."
  }
}

variable "state_machine_include_execution_data" {
  description = "Log states' input and output. The GitHub token is only ever KMS ciphertext in them, but runner names would be logged."
  type        = bool
  default     = false
  nullable    = false
}

variable "tracing_enabled" {
  description = "Enable AWS X-Ray tracing of the state machine."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Alarms and dashboard
################################################################################

variable "alarm_emails" {
  description = "Email addresses subscribed to an SNS topic the module creates for the alarms (each must confirm the subscription email). Empty: no topic is created, and `alarm_topic_arns` must name at least one."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for e in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "Every entry of alarm_emails must look like an email address (name@example.com)."
  }
}

variable "alarm_topic_arns" {
  description = "ARNs of existing SNS topics the alarms notify too (or instead of `alarm_emails`), e.g. an on-call integration. Their access policy must let `cloudwatch.amazonaws.com` publish."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.alarm_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\\.fifo)?$", a))])
    error_message = "Every entry of alarm_topic_arns must be an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:TOPIC)."
  }
}

variable "alert_strategy" {
  description = "When the execution failure alarm fires, as in the original module: `threshold` (the default) when failed, timed out or aborted executions reach `error_rate_threshold` % of 15 runs, so that an occasional GitHub hiccup alerts nobody; `immediate` at the first failed run (`<name>-failed-executions`, over one schedule interval). Either notifies when the alarm changes state: consecutive failures are one ALARM notification, and an OK one follows when runs succeed again."
  type        = string
  default     = "threshold"
  nullable    = false

  validation {
    condition     = contains(["threshold", "immediate"], var.alert_strategy)
    error_message = "alert_strategy must be \"threshold\" (alarm at error_rate_threshold % of 15 runs) or \"immediate\" (alarm at the first failed run)."
  }
}

variable "error_rate_threshold" {
  description = "Percentage of failed, timed out or aborted executions over 15 runs at or above which the failure-rate alarm fires. 10 means 2 or more of 15. Used by `alert_strategy = \"threshold\"` only."
  type        = number
  default     = 10.0
  nullable    = false

  validation {
    condition     = var.error_rate_threshold > 0 && var.error_rate_threshold <= 100
    error_message = "error_rate_threshold must be a percentage greater than 0 and at most 100."
  }
}

variable "github_api_budget_threshold" {
  description = "Percentage of the GitHub API rate limit (`GitHubApiRemaining` / `GitHubApiLimit`) under which the API budget alarm fires, so that exhaustion is known before listings fail. Deployments sharing one credential each see the whole credential's remaining budget."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.github_api_budget_threshold > 0 && var.github_api_budget_threshold < 100
    error_message = "github_api_budget_threshold must be a percentage greater than 0 and less than 100."
  }
}

variable "registration_gap_alarm" {
  description = "Create a registration-gap alarm per pool: in-service instances of the Auto Scaling group (`GroupInServiceInstances`) outnumber its online runners (`BusyRunners + IdleRunners`) for `registration_gap_minutes`, i.e. instances the group pays for whose runners never registered. Needs the group's `GroupInServiceInstances` metric enabled (without it the alarm has no data and stays OK) and one runner per instance."
  type        = bool
  default     = true
  nullable    = false
}

variable "group_metrics_check" {
  description = "Check that each pool's Auto Scaling group publishes `GroupInServiceInstances` (the group's `enabled_metrics`), which `scaling_metric_queries` and the registration-gap alarm need and which Auto Scaling publishes only when enabled: the plan fails for a group that exists without it (a group created in the same apply is not there to read yet), and an alarm per pool (`<name>-no-group-metrics`) fires when the metric has no data for 15 minutes. The plan needs `autoscaling:DescribeAutoScalingGroups`. False for groups whose metrics are off on purpose (then turn `registration_gap_alarm` off too)."
  type        = bool
  default     = true
  nullable    = false
}

variable "registration_gap_minutes" {
  description = "How long in-service instances must outnumber online runners before the registration-gap alarm fires: longer than an instance takes to boot and register its runner. Rounded up to whole schedule intervals."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.registration_gap_minutes >= 1 && var.registration_gap_minutes <= 1440 && floor(var.registration_gap_minutes) == var.registration_gap_minutes
    error_message = "registration_gap_minutes must be a whole number of minutes from 1 to 1440."
  }
}

variable "idle_runners" {
  description = "N in the `scaling_metric_queries` output: the idle runners a target tracking policy built from it keeps ready on top of the busy ones (at least N; see `idle_scale_factor`). A pool's own `idle_runners` overrides it."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.idle_runners >= 1 && floor(var.idle_runners) == var.idle_runners
    error_message = "idle_runners must be a whole number of at least 1 (with 0 a group could scale to zero, where the policy's metric divides by zero)."
  }
}

variable "idle_scale_factor" {
  description = "f in the `scaling_metric_queries` output: keep `max(idle_runners, ceil(f × busy))` idle runners, so that idle capacity grows with load (0.2 keeps a fifth of the busy runners idle once that exceeds N). 0 keeps exactly `idle_runners`. A pool's own `idle_scale_factor` overrides it."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.idle_scale_factor >= 0 && var.idle_scale_factor <= 10
    error_message = "idle_scale_factor must be from 0 (a fixed number of idle runners) to 10."
  }
}

variable "create_scaling_policies" {
  description = "Create the Auto Scaling policies of every pool, instead of writing them from `scaling_metric_queries`: a target tracking policy (target 1) on `scaling_metric_queries`, and, with `job_events`, a step scaling policy on the `scale-from-zero` alarm (`IF(in_service == 0, queued, 0) > 0`), which gives a pool at zero instances capacity for its queued jobs within one period (target tracking has no value there: its metric divides by the instances in service). The groups must exist (or be created in the same configuration) and publish `GroupInServiceInstances`. False (the default) creates none: the outputs then hold what to write."
  type        = bool
  default     = false
  nullable    = false
}

variable "job_wait_alarm_seconds" {
  description = "With `job_events`: the `job-wait` alarm of a pool fires when its oldest queued job has waited longer than this (`OldestQueuedJobAgeSeconds`) while the pool has idle runners or its group is at its maximum size (the runners never get the job, or no more can come). Needs the group's `GroupInServiceInstances` and `GroupMaxSize` metrics for the maximum-size part."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.job_wait_alarm_seconds >= 60 && var.job_wait_alarm_seconds <= 86400 && floor(var.job_wait_alarm_seconds) == var.job_wait_alarm_seconds
    error_message = "job_wait_alarm_seconds must be a whole number of seconds from 60 (one schedule period) to 86400 (a day), e.g. 300 for 5 minutes."
  }
}

variable "sns_kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt the module's alarm topic with. Its key policy must allow `cloudwatch.amazonaws.com` `kms:Decrypt` and `kms:GenerateDataKey*`. Null leaves the topic unencrypted (notifications hold alarm names and states only)."
  type        = string
  default     = null

  validation {
    condition     = var.sns_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.sns_kms_key_arn))
    error_message = "sns_kms_key_arn must be a customer managed KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID); the AWS managed alias/aws/sns cannot be used by CloudWatch alarms."
  }
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard (runners, utilization, executions, function durations). Beyond an account's first three dashboards each costs $3 a month."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# The job ledger (issue 19): GitHub's workflow_job webhooks, recorded and repaired
################################################################################

variable "job_events" {
  description = "Turns on the job ledger: a DynamoDB table of GitHub Actions jobs, fed by the `workflow_job` webhooks that GitHub sends to a public Lambda function URL (ReceiveJobEvents, which checks each delivery's `X-Hub-Signature-256` against the webhook secret), and a second state machine on the same schedule (`<name>-repair-job-ledger`) that asks GitHub to redeliver failed deliveries and reconciles jobs the ledger has held open too long. Null (the default) creates none of it. `webhook_secret`: the ARN of the Secrets Manager secret whose SecretString is the webhook's secret (complete, or partial without the `-xxxxxx` suffix, granted as `github_credentials.secret` is); `webhook_secret_kms_key_arn`: its customer managed key, if not `aws/secretsmanager`. The hook whose failed deliveries are redelivered: `organization_hook_id` (an organization webhook, `GET /orgs/{org}/hooks` lists them) or `app_hook = true` (the GitHub App's webhook, needs `github_credentials.type = \"pem\"`); neither turns redelivery off (reconciliation still runs). `receiver_reserved_concurrency` (10) caps the receiver's instances: a flood of unsigned requests is refused at the cap (HTTP 429 to the sender) before it costs more or takes the account's unreserved concurrency from its other functions; 10 instances answer hundreds of deliveries a second. `receiver_memory_size` defaults to `lambda_memory_size`. Retention of ledger items (their TTL): `completed_job_retention_hours` (24) after completion, `open_job_retention_hours` (168) after an open job's last write. Repairs per run: `stale_job_seconds` (600, the age after which an open job is checked with GitHub), `redelivery_pages_per_run` (3 pages of 100 deliveries), `redeliveries_per_run` (20), `reconciliations_per_run` (20; 0 turns reconciliation off: it closes a job GitHub answers 404 for, so the credentials must see every repository's jobs first, see the README's job ledger section). `rejected_signatures_threshold` (10): rejected signatures in 5 minutes at or above which an alarm fires."
  type = object({
    webhook_secret                = string
    webhook_secret_kms_key_arn    = optional(string)
    organization_hook_id          = optional(number)
    app_hook                      = optional(bool, false)
    receiver_reserved_concurrency = optional(number, 10)
    receiver_memory_size          = optional(number)
    completed_job_retention_hours = optional(number, 24)
    open_job_retention_hours      = optional(number, 168)
    stale_job_seconds             = optional(number, 600)
    redelivery_pages_per_run      = optional(number, 3)
    redeliveries_per_run          = optional(number, 20)
    reconciliations_per_run       = optional(number, 20)
    rejected_signatures_threshold = optional(number, 10)
  })
  default = null

  validation {
    condition     = var.job_events == null ? true : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$", var.job_events.webhook_secret))
    error_message = "job_events.webhook_secret must be the ARN of the Secrets Manager secret that holds the webhook's secret (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME, with or without the -xxxxxx suffix), not the secret itself nor its name: the receiver's permission is granted on the ARN, and the secret must never be a Terraform value."
  }

  validation {
    condition     = var.job_events == null ? true : var.job_events.webhook_secret_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.job_events.webhook_secret_kms_key_arn))
    error_message = "job_events.webhook_secret_kms_key_arn must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID), not an alias; leave it out for the AWS managed aws/secretsmanager key."
  }

  validation {
    condition     = var.job_events == null ? true : !(var.job_events.organization_hook_id != null && var.job_events.app_hook == true)
    error_message = "job_events names one hook to repair: organization_hook_id (an organization webhook) or app_hook = true (the GitHub App's webhook), not both. GitHub sends each delivery once per hook: subscribe workflow_job on one of them."
  }

  validation {
    condition     = var.job_events == null ? true : var.job_events.organization_hook_id == null || (try(var.job_events.organization_hook_id >= 1, false) && try(floor(var.job_events.organization_hook_id) == var.job_events.organization_hook_id, false))
    error_message = "job_events.organization_hook_id must be the webhook's id, a whole number from 1 (GET /orgs/{org}/hooks lists the organization's hooks with their ids; it is also in the hook's settings URL)."
  }

  validation {
    condition     = var.job_events == null ? true : try(var.job_events.receiver_reserved_concurrency >= 1 && var.job_events.receiver_reserved_concurrency <= 1000 && floor(var.job_events.receiver_reserved_concurrency) == var.job_events.receiver_reserved_concurrency, false)
    error_message = "job_events.receiver_reserved_concurrency must be a whole number from 1 to 1000 (0 would refuse every delivery; Lambda keeps at least 100 of the account's concurrency unreserved, so a large value may not fit the account's quota)."
  }

  validation {
    condition     = var.job_events == null ? true : var.job_events.receiver_memory_size == null || try(var.job_events.receiver_memory_size >= 128 && var.job_events.receiver_memory_size <= 10240 && floor(var.job_events.receiver_memory_size) == var.job_events.receiver_memory_size, false)
    error_message = "job_events.receiver_memory_size must be a whole number of MB from 128 to 10240, or left out for lambda_memory_size."
  }

  validation {
    condition     = var.job_events == null ? true : try(var.job_events.completed_job_retention_hours >= 1 && var.job_events.completed_job_retention_hours <= 8760 && floor(var.job_events.completed_job_retention_hours) == var.job_events.completed_job_retention_hours && var.job_events.open_job_retention_hours >= var.job_events.completed_job_retention_hours && var.job_events.open_job_retention_hours <= 8760 && floor(var.job_events.open_job_retention_hours) == var.job_events.open_job_retention_hours, false)
    error_message = "job_events.completed_job_retention_hours and open_job_retention_hours must be whole numbers of hours from 1 to 8760 (a year), the open jobs' at least the completed ones' (an open job that expired first would be forgotten while it still waits)."
  }

  validation {
    condition     = var.job_events == null ? true : try(var.job_events.stale_job_seconds >= 60 && var.job_events.stale_job_seconds <= 604800 && floor(var.job_events.stale_job_seconds) == var.job_events.stale_job_seconds && var.job_events.stale_job_seconds < var.job_events.open_job_retention_hours * 3600, false)
    error_message = "job_events.stale_job_seconds must be a whole number of seconds from 60 to 604800 (7 days), and shorter than open_job_retention_hours: reconciliation must check an open job before its item expires."
  }

  validation {
    condition = var.job_events == null ? true : try(
      var.job_events.redelivery_pages_per_run >= 1 && var.job_events.redelivery_pages_per_run <= 10 && floor(var.job_events.redelivery_pages_per_run) == var.job_events.redelivery_pages_per_run &&
      var.job_events.redeliveries_per_run >= 0 && var.job_events.redeliveries_per_run <= 100 && floor(var.job_events.redeliveries_per_run) == var.job_events.redeliveries_per_run &&
      var.job_events.reconciliations_per_run >= 0 && var.job_events.reconciliations_per_run <= 100 && floor(var.job_events.reconciliations_per_run) == var.job_events.reconciliations_per_run
    , false)
    error_message = "job_events' per-run bounds must be whole numbers: redelivery_pages_per_run from 1 to 10, redeliveries_per_run and reconciliations_per_run from 0 (off) to 100 (each costs GitHub API requests every run: at one run a minute, 20 are 1,200 requests an hour)."
  }

  validation {
    condition     = var.job_events == null ? true : try(var.job_events.rejected_signatures_threshold >= 1 && floor(var.job_events.rejected_signatures_threshold) == var.job_events.rejected_signatures_threshold, false)
    error_message = "job_events.rejected_signatures_threshold must be a whole number of rejected deliveries in 5 minutes, at least 1."
  }
}

variable "job_events_package" {
  description = "Where the job-events package comes from, the one jar of both job ledger functions (ReceiveJobEvents and RepairJobLedger): `{ path = \"job-events.jar\" }` (a local file), or `{ s3_bucket, s3_key, s3_object_version }` (an S3 object in the functions' region). `{}` (the default) is `packages/job-events.jar` inside this module, where the release archive of the module has it. Read only with `job_events`."
  type = object({
    path              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = !(var.job_events_package.path != null && var.job_events_package.s3_bucket != null)
    error_message = "job_events_package takes one source: either path or s3_bucket with s3_key, not both."
  }

  validation {
    condition     = (var.job_events_package.s3_bucket == null) == (var.job_events_package.s3_key == null) && (var.job_events_package.s3_object_version == null || var.job_events_package.s3_bucket != null)
    error_message = "job_events_package: s3_bucket and s3_key go together, and s3_object_version only with them."
  }

  validation {
    condition     = var.job_events_package.path == null || can(regex("\\.(jar|zip)$", var.job_events_package.path))
    error_message = "job_events_package.path must be the path of a .jar or .zip file."
  }
}
