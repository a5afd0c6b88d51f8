variable "name" {
  description = "Name prefix."
  type        = string
}

variable "kafka_version" {
  description = "MSK Kafka version."
  type        = string
}

variable "broker_instance_type" {
  description = "Broker instance type."
  type        = string
}

variable "broker_count" {
  description = "Number of brokers (a multiple of the number of subnets)."
  type        = number
}

variable "broker_volume_gib" {
  description = "Initial EBS volume per broker (GiB)."
  type        = number
}

variable "broker_volume_max_gib" {
  description = "Storage auto scaling upper bound per broker (GiB)."
  type        = number

  validation {
    condition     = var.broker_volume_max_gib <= 16384
    error_message = "MSK brokers hold at most 16384 GiB of EBS storage."
  }
}

variable "client_broker" {
  description = "Client-broker encryption: TLS or TLS_PLAINTEXT."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone; brokers spread evenly over them."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the brokers."
  type        = string
}

variable "kms_key_arn" {
  description = "Key for encryption at rest."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the broker log group."
  type        = number
}

variable "points_topic" {
  description = "Topic of accepted points."
  type        = string
}

variable "deadletter_topic" {
  description = "Topic of rejected points."
  type        = string
}

variable "points_partitions" {
  description = "Partitions of the points topic."
  type        = number
}

variable "deadletter_partitions" {
  description = "Partitions of the dead-letter topic."
  type        = number
}

variable "points_local_retention_h" {
  description = "Hours of the points topic kept on broker disks before tiered storage takes over."
  type        = number
}
