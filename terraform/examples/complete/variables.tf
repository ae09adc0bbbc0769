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
  description = "Who receives the alarms."
  type        = list(string)
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
