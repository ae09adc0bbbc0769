# Added to a staged copy of terraform/examples/complete by the e2e test and `record-metric up`
# (never to the example itself): what a deployment on the local emulator needs beside the example.

variable "aws_endpoint" {
  description = "Where every AWS call goes: the e2e proxy in front of moto, http://127.0.0.1:PORT."
  type        = string

  validation {
    condition     = can(regex("^http://127\\.0\\.0\\.1:[0-9]+$", var.aws_endpoint))
    error_message = "aws_endpoint must be a loopback URL: this configuration never talks to AWS."
  }
}

variable "github_api_url" {
  description = "The fake GitHub, served over https on loopback (the module accepts https only)."
  type        = string
}

variable "snapstart" {
  description = "The module's snapstart input."
  type        = bool
  default     = false
}
