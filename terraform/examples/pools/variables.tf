variable "region" {
  description = "AWS region to deploy the example in."
  type        = string
  default     = "us-west-2"
}

variable "github_org_name" {
  description = "GitHub organization whose runners are counted."
  type        = string
}

variable "pools" {
  description = "The runner pools, by Auto Scaling group name: the installation id their runners carry (`installation_id:<id>`), the instance type, the most runners, and what the group's scaling policy keeps idle: max(idle_runners, ceil(idle_scale_factor x busy))."
  type = map(object({
    installation_id   = string
    instance_type     = string
    max_runners       = number
    idle_runners      = number
    idle_scale_factor = number
  }))

  validation {
    condition     = length(var.pools) >= 1 && alltrue([for pool in values(var.pools) : pool.idle_runners >= 1 && pool.max_runners >= 1])
    error_message = "Give at least one pool, each with idle_runners and max_runners of at least 1."
  }
}

variable "runner_group_id" {
  description = "The runner group all the pools' runners are in, to list only its runners; null lists the organization."
  type        = number
  default     = null
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
