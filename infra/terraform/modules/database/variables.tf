variable "name" {
  description = "Name prefix."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the DB subnet group."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the instance."
  type        = string
}

variable "kms_key_arn" {
  description = "Key for storage, Performance Insights and the secret."
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL version (major or major.minor)."
  type        = string
}

variable "instance_class" {
  description = "Instance class."
  type        = string
}

variable "allocated_storage_gib" {
  description = "Initial storage (GiB)."
  type        = number
}

variable "max_storage_gib" {
  description = "Storage auto scaling upper bound (GiB)."
  type        = number
}

variable "multi_az" {
  description = "Multi-AZ standby."
  type        = bool
}

variable "master_username" {
  description = "Master user name."
  type        = string
}

variable "master_password" {
  description = "Master password (write-only: never stored in state)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Bump to send a new master_password."
  type        = number
}

variable "deletion_protection" {
  description = "Deletion protection (and a final snapshot on destroy)."
  type        = bool
}

variable "control_plane_database" {
  description = "Database of the control plane (created with the instance)."
  type        = string
}

variable "catalog_database" {
  description = "Database of the Iceberg JDBC catalog (created by the EMR bootstrap: RDS creates only one database)."
  type        = string
}
