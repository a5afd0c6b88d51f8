# Every endpoint of the deployment. README.md maps each service's YAML variables to these.

# --- Public entry points ---------------------------------------------------------------------

output "ingest_gateway_url" {
  description = "Ingest gateway through the load balancer (POST /v1/ingest, /v1/status)."
  value       = module.services.ingest_gateway_url
}

output "query_service_url" {
  description = "Query service through the load balancer (dashboards, query API, alert rules; /v1/ingest is routed to the gateway)."
  value       = module.services.query_service_url
}

output "alb_dns_name" {
  description = "Load balancer DNS name (point your DNS records here)."
  value       = module.services.alb_dns_name
}

output "alb_zone_id" {
  description = "Load balancer hosted zone (Route 53 alias)."
  value       = module.services.alb_zone_id
}

# --- Kafka ------------------------------------------------------------------------------------

output "kafka_bootstrap_servers_tls" {
  description = "MSK TLS bootstrap servers (9094): KAFKA_BOOTSTRAP_SERVERS of the gateway."
  value       = module.streaming.bootstrap_brokers_tls
}

output "kafka_bootstrap_servers_plaintext" {
  description = "MSK plaintext bootstrap servers (9092, VPC only): the speed layer's --kafka-bootstrap-servers."
  value       = module.streaming.bootstrap_brokers_plaintext
}

output "kafka_topics" {
  description = "Topic specifications (partitions, replication, configs)."
  value       = module.streaming.topics
}

output "kafka_topic_commands" {
  description = "Commands that create the topics (run once from inside the VPC): terraform output -raw kafka_topic_commands."
  value       = module.streaming.topic_commands
}

output "msk_cluster_arn" {
  description = "MSK cluster ARN."
  value       = module.streaming.cluster_arn
}

# --- PostgreSQL -------------------------------------------------------------------------------

output "postgres_address" {
  description = "RDS PostgreSQL host."
  value       = module.database.address
}

output "postgres_port" {
  description = "RDS PostgreSQL port."
  value       = module.database.port
}

output "control_plane_jdbc_url" {
  description = "CONTROL_PLANE_JDBC_URL (database metrics)."
  value       = module.database.control_plane_jdbc_url
}

output "iceberg_catalog_jdbc_url" {
  description = "Iceberg JDBC catalog URL (database iceberg_catalog): catalog property uri."
  value       = module.database.catalog_jdbc_url
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the PostgreSQL credentials (JSON: username, password, host, port, dbname)."
  value       = module.database.secret_arn
}

# --- Object storage and the catalog ----------------------------------------------------------

output "buckets" {
  description = "Bucket name and ARN per purpose."
  value       = module.storage.buckets
}

output "warehouse_location" {
  description = "Iceberg warehouse (catalog property warehouse)."
  value       = module.storage.warehouse_location
}

output "speed_layer_checkpoint_location" {
  description = "Checkpoint of the speed layer (--checkpoint)."
  value       = module.compute.checkpoint_location
}

output "iceberg_catalog_properties" {
  description = "Non-secret Iceberg catalog properties (catalog name \"iceberg\"); jdbc.user/jdbc.password come from database_secret_arn."
  value       = module.compute.iceberg_catalog_properties
}

output "kms_key_arn" {
  description = "Customer managed key of the deployment's data."
  value       = module.storage.kms_key_arn
}

output "ecr_repository_urls" {
  description = "Where to push the service images."
  value       = module.storage.ecr_repository_urls
}

# --- Spark and Trino (EMR) ---------------------------------------------------------------------

output "spark_cluster_id" {
  description = "EMR Spark cluster id (batch steps, speed layer)."
  value       = module.compute.spark_cluster_id
}

output "spark_primary_dns" {
  description = "Spark cluster primary node (YARN UI :8088, Spark history :18080; via Session Manager port forwarding)."
  value       = module.compute.spark_primary_dns
}

output "trino_cluster_id" {
  description = "EMR Trino cluster id."
  value       = module.compute.trino_cluster_id
}

output "trino_http_url" {
  description = "Trino coordinator HTTP URL (Trino CLI --server)."
  value       = module.compute.trino_http_url
}

output "trino_jdbc_url" {
  description = "TRINO_JDBC_URL of the query service."
  value       = module.compute.trino_jdbc_url
}

output "speed_layer_step_command" {
  description = "The command of the start-speed-layer EMR step (resubmit it to restart the stream)."
  value       = module.compute.speed_layer_command
}

# --- Airflow (MWAA) ----------------------------------------------------------------------------

output "airflow_webserver_url" {
  description = "Airflow UI and REST API (https://<this>)."
  value       = "https://${module.orchestration.webserver_url}"
}

output "airflow_environment_name" {
  description = "MWAA environment name."
  value       = module.orchestration.environment_name
}

output "airflow_dags_location" {
  description = "Upload dags/ here: aws s3 sync dags/ <this> --exclude README.md."
  value       = module.orchestration.dags_location
}

# --- Services (ECS) ------------------------------------------------------------------------------

output "ecs_cluster_name" {
  description = "ECS cluster of the two services."
  value       = module.services.ecs_cluster_name
}

output "service_environment" {
  description = "Environment of each service's task (non-secret part)."
  value       = module.services.environment
}

output "service_log_groups" {
  description = "CloudWatch log group per service."
  value       = module.services.log_groups
}

# --- Network -------------------------------------------------------------------------------------

output "vpc_id" {
  description = "VPC id."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets."
  value       = module.network.private_subnet_ids
}

output "nat_public_ips" {
  description = "Egress addresses (allow-list them at webhook receivers and SMTP relays)."
  value       = module.network.nat_public_ips
}
