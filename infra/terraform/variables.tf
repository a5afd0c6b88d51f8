# Every size has a default sized for the seed's load: 1,000,000 points/s at peak (~250 B/point, so
# ~250 MB/s before compression), 100,000 alert rules every 30 s (~3,300 evaluations/s), raw points
# 7 days, 1-minute rollups 30 days, hourly rollups 1 year. README.md ("Sizing rationale") explains
# each default; ../../docs/capacity.md is the model that will replace them with measured numbers.

# --- Identity and placement -------------------------------------------------------------------

variable "project" {
  description = "Name prefix of every resource."
  type        = string
  default     = "metrics-lakehouse"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project: lower-case letters, digits and dashes, 2-21 characters (it prefixes bucket and cluster names)."
  }
}

variable "environment" {
  description = "Environment name (prod, staging, ...): second part of every resource name."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment: lower-case letters and digits, 2-10 characters."
  }
}

variable "aws_region" {
  description = "AWS region of the whole deployment."
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  description = "Availability zones to spread over (3 for the ingestion path's 99.99%: MSK, RDS Multi-AZ, the services). Given explicitly so that plan needs no AWS call."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 6
    error_message = "availability_zones: 2 to 6 zones (MWAA needs 2, MSK wants 3)."
  }
}

variable "extra_tags" {
  description = "Tags added to every resource (cost allocation, owner, ...)."
  type        = map(string)
  default     = {}
}

# --- Network ------------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR of the VPC; split into one public and one private /20 per availability zone."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (a zone failure then cuts egress of the others). Default false: the ingestion path is 99.99%."
  type        = bool
  default     = false
}

variable "enable_interface_endpoints" {
  description = "Interface VPC endpoints (Secrets Manager, ECR, CloudWatch Logs, STS, KMS, EMR, SQS) so that private subnets reach those AWS APIs without the NAT gateways. S3 always gets a (free) gateway endpoint: Spark and Trino move terabytes to S3 and NAT data processing would cost more than the clusters."
  type        = bool
  default     = true
}

variable "alb_internal" {
  description = "Internal load balancer (reachable from the VPC and networks peered to it: the usual case for 10,000 services pushing metrics). false: internet-facing, then restrict alb_ingress_cidrs."
  type        = bool
  default     = true
}

variable "alb_ingress_cidrs" {
  description = "CIDRs allowed to reach the load balancer's listeners: the only inbound path into the deployment."
  type        = list(string)
  default     = ["10.0.0.0/8"]
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS listeners (443 for the query service, 8443 for the gateway). null: plain HTTP on 80 and 8081 (only acceptable on an internal ALB)."
  type        = string
  default     = null
}

variable "scrape_target_cidrs" {
  description = "CIDRs the gateway's pull scraper may reach (any TCP port): the networks of the scraped services."
  type        = list(string)
  default     = ["10.0.0.0/8"]
}

variable "smtp_port" {
  description = "Outbound SMTP port the query service's notifier uses for email (587 submission, 465 SMTPS)."
  type        = number
  default     = 587
}

variable "analyst_cidrs" {
  description = "CIDRs allowed to reach the Trino coordinator directly (SQL clients of analysts). Empty: only the query service reaches Trino."
  type        = list(string)
  default     = []
}

# --- Storage ------------------------------------------------------------------------------------

variable "force_destroy_buckets" {
  description = "Allow terraform destroy to delete non-empty buckets. Keep false outside throw-away environments: the warehouse holds the only copy of the rollups."
  type        = bool
  default     = false
}

variable "warehouse_noncurrent_days" {
  description = "Days a deleted or overwritten warehouse object stays recoverable as a noncurrent version. Iceberg deletes expired data files daily (raw ~1-2 TB/day compressed at the seed's rate), so each day of grace costs about one day of raw storage."
  type        = number
  default     = 3
}

variable "scratch_expiration_days" {
  description = "Days after which objects under the warehouse bucket's tmp/ prefix (job scratch, staging of backfills) are deleted."
  type        = number
  default     = 2
}

variable "log_retention_days" {
  description = "Retention of CloudWatch log groups and of EMR logs in the artifacts bucket."
  type        = number
  default     = 30
}

# --- Streaming (MSK) ----------------------------------------------------------------------------

variable "kafka_version" {
  description = "MSK Kafka version (KRaft). The gateway's 4.4 client and Spark's 3.9 client both talk to it."
  type        = string
  default     = "3.8.x"
}

variable "msk_broker_instance_type" {
  description = "MSK broker instance type. m7g.xlarge is the smallest Graviton type with tiered storage."
  type        = string
  default     = "kafka.m7g.xlarge"
}

variable "msk_broker_count" {
  description = "Number of brokers (a multiple of the zone count). 6 = 2 per zone. Network per broker is ~7x the producer bytes / brokers (3 replica writes, 2 replication reads, the speed layer, the tiering upload): at 250 MB/s uncompressed that is ~290 MB/s per broker, ~145 MB/s if lz4 halves the Protobuf batches. TO MEASURE (docs/capacity.md): bytes per point on the wire (issue 3) and per-broker throughput on MSK."
  type        = number
  default     = 6
}

variable "msk_broker_volume_gib" {
  description = "Initial EBS volume per broker (GiB); storage auto scaling grows it up to msk_broker_volume_max_gib. Sized for the local (hot) retention: 250 MB/s x 12 h x 3 replicas / 6 brokers = 5.4 TB uncompressed upper bound."
  type        = number
  default     = 6000
}

variable "msk_broker_volume_max_gib" {
  description = "Upper bound of broker storage auto scaling (GiB, at most 16384)."
  type        = number
  default     = 12000
}

variable "msk_client_broker_encryption" {
  description = "Client-broker encryption: TLS_PLAINTEXT opens both 9094 (TLS, used by the gateway) and 9092 (plaintext inside the VPC, used by the speed layer until it takes Kafka client options). Switch to TLS once every client can."
  type        = string
  default     = "TLS_PLAINTEXT"

  validation {
    condition     = contains(["TLS", "TLS_PLAINTEXT"], var.msk_client_broker_encryption)
    error_message = "msk_client_broker_encryption: TLS or TLS_PLAINTEXT (never plaintext only)."
  }
}

variable "points_topic_partitions" {
  description = "Partitions of metrics.points.v1. 96: divisible by 6 brokers and 3 zones, 3 partitions per speed-layer core at the default 32 cores, and room to grow consumers without repartitioning (adding partitions later moves metrics between partitions)."
  type        = number
  default     = 96
}

variable "deadletter_topic_partitions" {
  description = "Partitions of metrics.deadletter.v1 (rejected points: small volume)."
  type        = number
  default     = 6
}

variable "points_topic_local_retention_hours" {
  description = "Hours of metrics.points.v1 kept on broker disks; the rest of the 7 days lives in MSK tiered storage. Covers a speed-layer outage catch-up from local disk."
  type        = number
  default     = 12
}

# --- Database (RDS PostgreSQL) ------------------------------------------------------------------

variable "db_engine_version" {
  description = "RDS PostgreSQL engine version (major, or major.minor). The embedded default runs 18; use 18 where RDS offers it in your region."
  type        = string
  default     = "17"
}

variable "db_instance_class" {
  description = "RDS instance class. The control plane (alert state for 100k rules, notification outbox, registry) and the Iceberg JDBC catalog (a commit every 5 s per streaming table, metadata lookups of every Trino query) share it."
  type        = string
  default     = "db.r7g.xlarge"
}

variable "db_allocated_storage_gib" {
  description = "Initial gp3 storage (GiB). 400 GiB is the threshold from which gp3 on RDS gets 12,000 baseline IOPS."
  type        = number
  default     = 400
}

variable "db_max_allocated_storage_gib" {
  description = "Storage auto scaling upper bound (GiB)."
  type        = number
  default     = 2000
}

variable "db_multi_az" {
  description = "Multi-AZ standby (synchronous replica, automatic failover)."
  type        = bool
  default     = true
}

variable "db_master_username" {
  description = "Master user of the RDS instance (also the user of the services and the catalog until per-component roles exist: see README)."
  type        = string
  default     = "lakehouse_admin"
}

variable "db_master_password" {
  description = "Master password, write-only: sent to RDS and to the Secrets Manager secret, never stored in state or plan. Supply it on every plan/apply (TF_VAR_db_master_password); after the first apply, read it back from the secret. No single quotes or newlines (the EMR bootstrap refuses them); openssl rand -hex 24 is fine."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "db_password_version" {
  description = "Bump to push a new db_master_password to RDS and the secret (rotation)."
  type        = number
  default     = 1
}

variable "deletion_protection" {
  description = "Deletion protection on RDS, the load balancer and EMR (termination protection)."
  type        = bool
  default     = true
}

# --- Compute (EMR: Spark and Trino) -------------------------------------------------------------

variable "emr_release_label" {
  description = "EMR release of both clusters. emr-7.13.0 ships Trino 479 (>= the 476 the product is tested with) and Hadoop 3.4 on Java 17. Its Spark is 3.5: the product's jobs run on the Spark 4.1.3 runtime the bootstrap action installs (see README)."
  type        = string
  default     = "emr-7.13.0"
}

variable "spark_runtime_archive" {
  description = "Key, under the artifacts bucket's spark-runtime/ prefix, of the Apache Spark distribution the product's jobs run on (Spark 4.1.3, Scala 2.13)."
  type        = string
  default     = "spark-4.1.3-bin-hadoop3.tgz"
}

variable "spark_primary_instance_type" {
  description = "Primary node of the Spark cluster (YARN resource manager, step runner)."
  type        = string
  default     = "m7g.xlarge"
}

variable "spark_core_instance_type" {
  description = "Core nodes of the Spark cluster: they host the always-on speed layer."
  type        = string
  default     = "m7g.2xlarge"
}

variable "spark_core_instance_count" {
  description = "Core nodes (on demand). 4 x 8 vCPU = 32 vCPU: the speed layer's 8 executors x 4 cores plus its driver."
  type        = number
  default     = 4
}

variable "spark_task_instance_type" {
  description = "Task nodes of the Spark cluster (batch rollups, backfills, compaction), added by managed scaling."
  type        = string
  default     = "m7g.2xlarge"
}

variable "spark_max_instances" {
  description = "Managed scaling upper bound of the Spark cluster (core + task nodes). Backfills of a day of raw points (86 billion points at the seed's peak) are what needs it."
  type        = number
  default     = 20
}

variable "speed_layer_num_executors" {
  description = "Executors of the streaming job."
  type        = number
  default     = 8
}

variable "speed_layer_executor_cores" {
  description = "Cores per executor of the streaming job. 8 x 4 = 32 cores need ~31k points/s per core at 1M points/s; the preliminary single-machine figures in shared/STACK.md are ~100k (one point per record) to ~300k (1000-point records) per core, so >= 3x headroom for catch-up after an outage. TO MEASURE with issue 4's benchmark (docs/capacity.md)."
  type        = number
  default     = 4
}

variable "speed_layer_executor_memory" {
  description = "Heap per executor of the streaming job (the minute MERGE keeps per-series t-digests of the open minutes)."
  type        = string
  default     = "8g"
}

variable "speed_layer_trigger" {
  description = "Processing-time trigger of the streaming job (freshness vs. snapshot count)."
  type        = string
  default     = "5s"
}

variable "trino_coordinator_instance_type" {
  description = "Trino coordinator (primary node of the Trino cluster): plans every dashboard and alert query."
  type        = string
  default     = "m7g.4xlarge"
}

variable "trino_worker_instance_type" {
  description = "Trino workers (core nodes): memory-optimised for aggregations over the last hour of raw points (3.6 billion points)."
  type        = string
  default     = "r7g.4xlarge"
}

variable "trino_worker_count" {
  description = "Trino workers."
  type        = number
  default     = 4
}

# --- Orchestration (MWAA) -----------------------------------------------------------------------

variable "airflow_version" {
  description = "MWAA Airflow version."
  type        = string
  default     = "2.10.3"
}

variable "mwaa_environment_class" {
  description = "MWAA environment class: the DAGs only submit EMR steps and wait on them."
  type        = string
  default     = "mw1.small"
}

variable "mwaa_max_workers" {
  description = "MWAA worker upper bound (a 90-day backfill is one task per day)."
  type        = number
  default     = 5
}

variable "mwaa_webserver_access_mode" {
  description = "PRIVATE_ONLY (the Airflow UI and REST API only from the VPC) or PUBLIC_ONLY."
  type        = string
  default     = "PRIVATE_ONLY"
}

# --- Services (ECS Fargate) ---------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of both service images in their ECR repositories. Tags are immutable (a tag always means the same image): deploy by pushing a new tag and changing this."
  type        = string
  default     = "0.1.0"
}

variable "ingest_gateway_image" {
  description = "Full image reference of the ingest gateway; null: the stack's ECR repository at image_tag."
  type        = string
  default     = null
}

variable "query_service_image" {
  description = "Full image reference of the query service; null: the stack's ECR repository at image_tag."
  type        = string
  default     = null
}

variable "service_cpu_architecture" {
  description = "CPU architecture of the Fargate tasks (ARM64 is ~20% cheaper; the image must be built for it)."
  type        = string
  default     = "X86_64"
}

variable "ingest_gateway_cpu" {
  description = "Fargate CPU units per gateway task (2048 = 2 vCPU)."
  type        = number
  default     = 2048
}

variable "ingest_gateway_memory" {
  description = "Fargate memory per gateway task (MiB): 64 MiB producer buffer, 256 MiB in-flight request bytes, the known-series cache (1M entries)."
  type        = number
  default     = 4096
}

variable "ingest_gateway_desired_count" {
  description = "Gateway tasks at start (auto scaling moves between min and max). 12 x 2 vCPU = 24 vCPU: needs >= ~42k acknowledged points/s per vCPU at the seed's 1M/s; TO MEASURE with issue 3's benchmark (docs/capacity.md)."
  type        = number
  default     = 12
}

variable "ingest_gateway_min_count" {
  description = "Gateway auto scaling lower bound (2 per zone: a zone loss keeps 4)."
  type        = number
  default     = 6
}

variable "ingest_gateway_max_count" {
  description = "Gateway auto scaling upper bound."
  type        = number
  default     = 48
}

variable "query_service_cpu" {
  description = "Fargate CPU units per query-service task."
  type        = number
  default     = 2048
}

variable "query_service_memory" {
  description = "Fargate memory per query-service task (MiB): dashboard result cache, evaluator state."
  type        = number
  default     = 4096
}

variable "query_service_desired_count" {
  description = "Query-service tasks at start (one per zone; dashboards and the alert evaluator)."
  type        = number
  default     = 3
}

variable "query_service_min_count" {
  description = "Query-service auto scaling lower bound."
  type        = number
  default     = 3
}

variable "query_service_max_count" {
  description = "Query-service auto scaling upper bound (incident-time dashboard storms)."
  type        = number
  default     = 12
}
