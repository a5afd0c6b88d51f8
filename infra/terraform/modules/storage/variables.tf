variable "name" {
  description = "Name prefix."
  type        = string
}

variable "force_destroy" {
  description = "Allow destroying non-empty buckets and repositories."
  type        = bool
}

variable "warehouse_noncurrent_days" {
  description = "Days a deleted warehouse object stays recoverable as a noncurrent version."
  type        = number
}

variable "scratch_expiration_days" {
  description = "Days after which objects under the warehouse's tmp/ prefix expire."
  type        = number
}

variable "log_retention_days" {
  description = "Days EMR logs are kept under the artifacts bucket's emr-logs/ prefix."
  type        = number
}
