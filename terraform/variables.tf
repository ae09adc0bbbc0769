################################################################################
# What to count
################################################################################

variable "asg_name" {
  description = "Name of the Auto Scaling group whose runners are counted. It is the value of the `asg_name` dimension of the published metrics."
  type        = string

  validation {
    condition     = can(regex("^[^\"\\\\]{1,255}$", var.asg_name))
    error_message = "asg_name must be 1 to 255 characters long (the limits of an Auto Scaling group name and of a CloudWatch dimension value) without a double quote or backslash (it is written into the state machine's JSON)."
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
  description = "Runners labelled `installation_id:<installation_id>` are counted; others are ignored."
  type        = string

  validation {
    condition     = can(regex("^[^,\\s]+$", var.installation_id))
    error_message = "installation_id must be non-empty and contain no whitespace or comma (it becomes part of a runner label)."
  }
}

variable "github_credentials" {
  description = "How GetToken authenticates to GitHub: `type` is `token` (a personal access token) or `pem` (a GitHub App private key), `secret` is the ARN of the Secrets Manager secret that holds it."
  type = object({
    type   = string
    secret = string
  })

  validation {
    condition     = contains(["token", "pem"], var.github_credentials.type)
    error_message = "github_credentials.type must be \"token\" or \"pem\"."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.github_credentials.secret))
    error_message = "github_credentials.secret must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx)."
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

  validation {
    condition     = can(regex("^https://[^/\\s]+(/[^\\s]*[^/\\s])?$", var.github_api_url))
    error_message = "github_api_url must be an https:// URL without a trailing slash, e.g. https://api.github.com or https://github.example.com/api/v3."
  }
}

variable "github_credentials_kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the GitHub credentials secret, if it is not the AWS managed `aws/secretsmanager` key. GetToken is then allowed `kms:Decrypt` on it through Secrets Manager only."
  type        = string
  default     = null

  validation {
    condition     = var.github_credentials_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.github_credentials_kms_key_arn))
    error_message = "github_credentials_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), not an alias."
  }
}

################################################################################
# Naming and tags
################################################################################

variable "name" {
  description = "Base name of everything this module creates (functions `<name>-get-token` and `<name>-list-runners`, roles, state machine, schedule, queue, topic, alarms, dashboard). Defaults to `record-metric-<asg_name>`, with characters other than letters, digits, `-` and `_` replaced by `-` and cut to 40."
  type        = string
  default     = null

  validation {
    condition     = var.name == null || can(regex("^[A-Za-z0-9_-]{1,40}$", var.name))
    error_message = "name must be 1 to 40 letters, digits, hyphens or underscores (it prefixes Lambda function and IAM role names, which allow 64)."
  }
}

variable "tags" {
  description = "Tags added to every resource that takes tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Metrics
################################################################################

variable "metric_namespace" {
  description = "CloudWatch namespace of the BusyRunners and IdleRunners metrics."
  type        = string
  default     = "GitHubRunners"

  validation {
    condition     = can(regex("^[0-9A-Za-z._/#:-]{1,255}$", var.metric_namespace)) && !startswith(var.metric_namespace, "AWS/")
    error_message = "metric_namespace must be 1 to 255 of the characters CloudWatch allows (letters, digits, . _ / # : -) and must not start with \"AWS/\"."
  }
}

variable "schedule_expression" {
  description = "How often the state machine runs, as an EventBridge Scheduler `rate()` or `cron()` expression. The alarms are sized for the default, once a minute."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be a rate(...) or cron(...) expression, e.g. rate(1 minute); a one-time at(...) would record a single datapoint."
  }
}

################################################################################
# Functions
################################################################################

variable "java_runtime" {
  description = "Lambda runtime of both functions."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java21", "java25"], var.java_runtime)
    error_message = "java_runtime must be \"java21\" or \"java25\" (the functions are Java 21 bytecode)."
  }
}

variable "architecture" {
  description = "Instruction set of both functions."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "lambda_memory_size" {
  description = "Memory of each function in MB (Lambda gives CPU in proportion)."
  type        = number
  default     = 256

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240 && floor(var.lambda_memory_size) == var.lambda_memory_size
    error_message = "lambda_memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "lambda_timeout" {
  description = "Timeout of each function in seconds. The state machine stops waiting sooner (GetToken after 8 s, ListRunners after 9 s, see statemachine/README.md); a longer function timeout only lets a slow cold start finish and warm the instance for the retry."
  type        = number
  default     = 30

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900 && floor(var.lambda_timeout) == var.lambda_timeout
    error_message = "lambda_timeout must be a whole number of seconds from 1 to 900."
  }
}

variable "snapstart" {
  description = "Enable Lambda SnapStart: publishes a version of each function on every code change and has the state machine invoke a `live` alias to it, which cuts Java cold starts."
  type        = bool
  default     = false
}

variable "get_token_package" {
  description = "Path of the built GetToken package. Defaults to `<module>/../functions/get-token/target/get-token.jar`, the output of `./mvnw package` in this repository."
  type        = string
  default     = null

  validation {
    condition     = var.get_token_package == null || can(regex("\\.(jar|zip)$", var.get_token_package))
    error_message = "get_token_package must be the path of a .jar or .zip file."
  }
}

variable "list_runners_package" {
  description = "Path of the built ListRunners package. Defaults to `<module>/../functions/list-runners/target/list-runners.jar`, the output of `./mvnw package` in this repository."
  type        = string
  default     = null

  validation {
    condition     = var.list_runners_package == null || can(regex("\\.(jar|zip)$", var.list_runners_package))
    error_message = "list_runners_package must be the path of a .jar or .zip file."
  }
}

variable "cloudwatch_log_group_retention" {
  description = "Days the functions' and the state machine's logs are kept (0 keeps them forever)."
  type        = number
  default     = 365

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_log_group_retention)
    error_message = "cloudwatch_log_group_retention must be one of CloudWatch's values: 0 (never expire), 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "kms_key_arn" {
  description = "ARN of an existing KMS key to seal the GitHub token with, instead of the key this module creates. Its key policy must let IAM policies grant access (the account root statement): the module's roles get `kms:Encrypt`/`kms:Decrypt` on it bound to the execution ARN."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), not an alias."
  }
}

################################################################################
# State machine
################################################################################

variable "state_machine_type" {
  description = "`STANDARD` keeps every execution's history and graph in the console; `EXPRESS` is cheaper at one run a minute but its history is only in the log group (set `state_machine_log_level = \"ALL\"`)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.state_machine_type)
    error_message = "state_machine_type must be \"STANDARD\" or \"EXPRESS\"."
  }
}

variable "state_machine_log_level" {
  description = "What the state machine writes to its log group: `ALL`, `ERROR`, `FATAL` or `OFF`."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.state_machine_log_level)
    error_message = "state_machine_log_level must be one of ALL, ERROR, FATAL, OFF."
  }
}

variable "state_machine_include_execution_data" {
  description = "Log states' input and output. The GitHub token is only ever KMS ciphertext in them, but runner names would be logged."
  type        = bool
  default     = false
}

variable "tracing_enabled" {
  description = "Enable AWS X-Ray tracing of the state machine."
  type        = bool
  default     = false
}

################################################################################
# Alarms
################################################################################

variable "alarm_emails" {
  description = "Email addresses subscribed to the alarms' SNS topic. Each must confirm the subscription email."
  type        = list(string)

  validation {
    condition     = length(var.alarm_emails) >= 1
    error_message = "alarm_emails must hold at least one address: an alarm nobody receives is no alarm."
  }

  validation {
    condition     = alltrue([for e in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "Every entry of alarm_emails must look like an email address (name@example.com)."
  }
}

variable "error_rate_threshold" {
  description = "Percentage of failed, timed out or aborted executions over 15 minutes at or above which the failure-rate alarm fires. At one run a minute, 10 means 2 or more of 15."
  type        = number
  default     = 10.0

  validation {
    condition     = var.error_rate_threshold > 0 && var.error_rate_threshold <= 100
    error_message = "error_rate_threshold must be a percentage greater than 0 and at most 100."
  }
}

variable "sns_kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt the alarm topic with. Its key policy must allow `cloudwatch.amazonaws.com` `kms:Decrypt` and `kms:GenerateDataKey*`. Null leaves the topic unencrypted (notifications hold alarm names and states only)."
  type        = string
  default     = null

  validation {
    condition     = var.sns_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.sns_kms_key_arn))
    error_message = "sns_kms_key_arn must be a customer managed KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID); the AWS managed alias/aws/sns cannot be used by CloudWatch alarms."
  }
}
