variable "name" {
  description = "Name prefix."
  type        = string
}

variable "aws_region" {
  description = "Region."
  type        = string
}

variable "release_label" {
  description = "EMR release of both clusters."
  type        = string
}

variable "subnet_id" {
  description = "Private subnet of both clusters (an EMR instance-group cluster lives in one zone)."
  type        = string
}

variable "security_group_ids" {
  description = "Security groups: spark_primary, spark_core, spark_service_access, trino_primary, trino_core, trino_service_access."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "Data key (S3 objects, local disks, the secret)."
  type        = string
}

variable "warehouse_bucket" {
  description = "Warehouse bucket: name and arn."
  type        = object({ name = string, arn = string })
}

variable "checkpoints_bucket" {
  description = "Checkpoint bucket: name and arn."
  type        = object({ name = string, arn = string })
}

variable "artifacts_bucket" {
  description = "Artifacts bucket (jars, Spark runtime, bootstrap, EMR logs): name and arn."
  type        = object({ name = string, arn = string })
}

variable "db_address" {
  description = "PostgreSQL host."
  type        = string
}

variable "db_port" {
  description = "PostgreSQL port."
  type        = number
}

variable "db_secret_arn" {
  description = "Secret with the PostgreSQL credentials."
  type        = string
}

variable "catalog_name" {
  description = "Iceberg catalog name shared by Spark, Trino and the CLI."
  type        = string
}

variable "catalog_database" {
  description = "Database of the Iceberg JDBC catalog."
  type        = string
}

variable "control_plane_database" {
  description = "Database of the control plane (the bootstrap connects to it to create the catalog database)."
  type        = string
}

variable "speed_layer_bootstrap_servers" {
  description = "Kafka bootstrap servers the speed layer reads from."
  type        = string
}

variable "points_topic" {
  description = "Topic of accepted points."
  type        = string
}

variable "deadletter_topic" {
  description = "Topic of rejected points."
  type        = string
}

variable "spark_runtime_archive" {
  description = "Spark distribution under s3://<artifacts>/spark-runtime/."
  type        = string
}

variable "spark_primary_instance_type" {
  description = "Spark cluster primary node type."
  type        = string
}

variable "spark_core_instance_type" {
  description = "Spark cluster core node type."
  type        = string
}

variable "spark_core_instance_count" {
  description = "Spark cluster core nodes."
  type        = number
}

variable "spark_task_instance_type" {
  description = "Spark cluster task node type."
  type        = string
}

variable "spark_max_instances" {
  description = "Managed scaling upper bound (core + task nodes)."
  type        = number
}

variable "speed_layer_num_executors" {
  description = "Executors of the streaming job."
  type        = number
}

variable "speed_layer_executor_cores" {
  description = "Cores per executor of the streaming job."
  type        = number
}

variable "speed_layer_executor_memory" {
  description = "Heap per executor of the streaming job."
  type        = string
}

variable "speed_layer_trigger" {
  description = "Trigger interval of the streaming job."
  type        = string
}

variable "trino_coordinator_instance_type" {
  description = "Trino coordinator node type."
  type        = string
}

variable "trino_worker_instance_type" {
  description = "Trino worker node type."
  type        = string
}

variable "trino_worker_count" {
  description = "Trino workers."
  type        = number
}

variable "termination_protection" {
  description = "EMR termination protection."
  type        = bool
}

variable "log_retention_days" {
  description = "Retention of CloudWatch logs."
  type        = number
}
