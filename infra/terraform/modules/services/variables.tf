variable "name" {
  description = "Name prefix."
  type        = string
}

variable "aws_region" {
  description = "Region (awslogs)."
  type        = string
}

variable "vpc_id" {
  description = "VPC id (target groups)."
  type        = string
}

variable "alb_internal" {
  description = "Internal load balancer."
  type        = bool
}

variable "alb_subnet_ids" {
  description = "Subnets of the load balancer (private when internal, public otherwise)."
  type        = list(string)
}

variable "task_subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups: alb, ingest_gateway, query_service."
  type        = map(string)
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS; null for HTTP."
  type        = string
  default     = null
}

variable "listener_ports" {
  description = "Listener ports: query, ingest."
  type        = map(number)
}

variable "ports" {
  description = "Container ports: ingest_gateway, ingest_gateway_admin, query_service, query_service_admin."
  type        = map(number)
}

variable "deletion_protection" {
  description = "Deletion protection of the load balancer."
  type        = bool
}

variable "log_retention_days" {
  description = "Retention of the services' log groups."
  type        = number
}

variable "kms_key_arn" {
  description = "Key of the database secret (the execution roles decrypt it)."
  type        = string
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64."
  type        = string
}

variable "ingest_gateway_image" {
  description = "Image of the gateway."
  type        = string
}

variable "query_service_image" {
  description = "Image of the query service."
  type        = string
}

variable "ecr_repository_arns" {
  description = "Repositories the tasks may pull from."
  type        = list(string)
}

variable "ingest_gateway_cpu" {
  description = "CPU units per gateway task."
  type        = number
}

variable "ingest_gateway_memory" {
  description = "Memory (MiB) per gateway task."
  type        = number
}

variable "ingest_gateway_desired_count" {
  description = "Gateway tasks at creation."
  type        = number
}

variable "ingest_gateway_min_count" {
  description = "Gateway auto scaling lower bound."
  type        = number
}

variable "ingest_gateway_max_count" {
  description = "Gateway auto scaling upper bound."
  type        = number
}

variable "query_service_cpu" {
  description = "CPU units per query-service task."
  type        = number
}

variable "query_service_memory" {
  description = "Memory (MiB) per query-service task."
  type        = number
}

variable "query_service_desired_count" {
  description = "Query-service tasks at creation."
  type        = number
}

variable "query_service_min_count" {
  description = "Query-service auto scaling lower bound."
  type        = number
}

variable "query_service_max_count" {
  description = "Query-service auto scaling upper bound."
  type        = number
}

variable "kafka_bootstrap_servers_tls" {
  description = "MSK TLS bootstrap servers (KAFKA_BOOTSTRAP_SERVERS)."
  type        = string
}

variable "trino_jdbc_url" {
  description = "Trino JDBC URL (TRINO_JDBC_URL)."
  type        = string
}

variable "control_plane_jdbc_url" {
  description = "Control-plane JDBC URL (CONTROL_PLANE_JDBC_URL)."
  type        = string
}

variable "db_secret_arn" {
  description = "Secret with the PostgreSQL credentials (JSON keys username, password)."
  type        = string
}

variable "airflow_environment_arn" {
  description = "MWAA environment the query service triggers backfills in."
  type        = string
}

variable "airflow_environment_name" {
  description = "MWAA environment name."
  type        = string
}

variable "airflow_webserver_url" {
  description = "MWAA web server host name."
  type        = string
}
