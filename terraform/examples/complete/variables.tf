variable "region" {
  description = "AWS region to deploy the example in."
  type        = string
  default     = "us-west-2"
}

variable "asg_name" {
  description = "Name of the runners' Auto Scaling group the example creates."
  type        = string
  default     = "github-runners"
}

variable "github_org_name" {
  description = "GitHub organization whose runners are counted."
  type        = string
}

variable "installation_id" {
  description = "Value of the runners' `installation_id:<value>` label."
  type        = string
}

variable "alarm_emails" {
  description = "Who receives the alarms by email."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "alarm_topic_arns" {
  description = "Existing SNS topics the alarms notify too (an on-call integration, say)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "get_token_package" {
  description = "The GetToken package, as the module takes it: `{ path = ... }`, `{ s3_bucket, s3_key }`, or `{}` for the module's bundled one."
  type = object({
    path              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
  })
  default  = {}
  nullable = false
}

variable "list_runners_package" {
  description = "The ListRunners package, as the module takes it: `{ path = ... }`, `{ s3_bucket, s3_key }`, or `{}` for the module's bundled one."
  type = object({
    path              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
  })
  default  = {}
  nullable = false
}

variable "job_events_package" {
  description = "The job-events package (the job ledger's two functions), as the module takes it: `{ path = ... }`, `{ s3_bucket, s3_key }`, or `{}` for the module's bundled one."
  type = object({
    path              = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
  })
  default  = {}
  nullable = false
}

variable "github_webhook_id" {
  description = "Id of the organization webhook that sends workflow_job to the receiver, once it exists (see webhook_settings): its failed deliveries are then redelivered. Null: no redelivery."
  type        = number
  default     = null
}

variable "idle_runners" {
  description = "How many idle runners the scaling policy keeps ready on top of the busy ones."
  type        = number
  default     = 2

  validation {
    condition     = var.idle_runners >= 1 && floor(var.idle_runners) == var.idle_runners
    error_message = "idle_runners must be a whole number of at least 1 (with 0 the group could scale to zero, where (busy + N) / in-service divides by zero)."
  }
}

variable "idle_scale_factor" {
  description = "Keep max(idle_runners, ceil(idle_scale_factor x busy)) idle runners: idle capacity that grows with load (e.g. 0.2 for a fifth of the busy ones). 0 keeps exactly idle_runners."
  type        = number
  default     = 0

  validation {
    condition     = var.idle_scale_factor >= 0 && var.idle_scale_factor <= 10
    error_message = "idle_scale_factor must be from 0 (a fixed number of idle runners) to 10."
  }
}

variable "job_labels" {
  description = "The labels the runners of the group carry and its jobs ask for (runs-on): a job queued while no runner is online counts for the group when it asks for these labels only."
  type        = list(string)
  default     = ["self-hosted", "linux", "x64"]
}

variable "create_scaling_policies" {
  description = "Let the module create the group's scaling policies (target tracking on busy + queued + wanted idle, and the scale-from-zero step policy) instead of the hand-written keep_idle_runners."
  type        = bool
  default     = false
}

variable "max_runners" {
  description = "Most runners the Auto Scaling group may run."
  type        = number
  default     = 10
}

variable "instance_type" {
  description = "Instance type of the runners."
  type        = string
  default     = "t3.medium"
}
