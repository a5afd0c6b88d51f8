variable "name" {
  description = "Name prefix (the environment is named after it)."
  type        = string
}

variable "aws_region" {
  description = "Region (for ARNs of the environment's queues and log groups)."
  type        = string
}

variable "airflow_version" {
  description = "Airflow version."
  type        = string
}

variable "environment_class" {
  description = "MWAA environment class."
  type        = string
}

variable "max_workers" {
  description = "Worker upper bound."
  type        = number
}

variable "webserver_access_mode" {
  description = "PRIVATE_ONLY or PUBLIC_ONLY."
  type        = string
}

variable "subnet_ids" {
  description = "Exactly two private subnets in different zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) == 2
    error_message = "MWAA takes exactly two private subnets."
  }
}

variable "security_group_id" {
  description = "Security group of the environment."
  type        = string
}

variable "airflow_bucket" {
  description = "Source bucket (dags/, requirements.txt): name and arn."
  type        = object({ name = string, arn = string })
}

variable "artifacts_bucket" {
  description = "Artifacts bucket: name and arn (the DAGs only pass its name to EMR steps)."
  type        = object({ name = string, arn = string })
}

variable "emr_cluster_id" {
  description = "Spark cluster the DAGs submit steps to."
  type        = string
}

variable "emr_cluster_arn" {
  description = "ARN of that cluster (the only one the execution role may touch)."
  type        = string
}

variable "warehouse_location" {
  description = "Iceberg warehouse location (exposed to the DAGs)."
  type        = string
}

variable "checkpoint_location" {
  description = "Speed layer checkpoint location (exposed to the DAGs)."
  type        = string
}

variable "catalog_config_path" {
  description = "Catalog properties file on the EMR nodes (exposed to the DAGs)."
  type        = string
}

variable "submit_command" {
  description = "Wrapper the DAGs' EMR steps run (exposed to the DAGs)."
  type        = string
}
