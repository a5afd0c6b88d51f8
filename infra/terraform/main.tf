# The AWS deployment of the metrics lakehouse: the same jars as the embedded default, on managed
# engines. One module per concern; this file only wires them. Apply order and the mapping of each
# service's YAML to these outputs: README.md.

locals {
  name  = "${var.project}-${var.environment}"
  https = var.certificate_arn != null

  # Ports of the two Dropwizard services: the same as their config/local.yml defaults.
  ports = {
    ingest_gateway       = 8081
    ingest_gateway_admin = 8091
    query_service        = 8082
    query_service_admin  = 8092
  }

  # Listener ports of the load balancer: query service (dashboards, API) and ingest gateway.
  listener_ports = {
    query  = local.https ? 443 : 80
    ingest = local.https ? 8443 : 8081
  }

  # Names shared with the embedded default (infra/local/stack StackEndpoints): the JDBC catalog stores
  # the catalog name in every row, so Spark, Trino and the CLI must all use "iceberg".
  iceberg_catalog_name     = "iceberg"
  iceberg_catalog_database = "iceberg_catalog"
  control_plane_database   = "metrics"
  points_topic             = "metrics.points.v1"
  deadletter_topic         = "metrics.deadletter.v1"
}

module "network" {
  source = "./modules/network"

  name                       = local.name
  aws_region                 = var.aws_region
  vpc_cidr                   = var.vpc_cidr
  availability_zones         = var.availability_zones
  single_nat_gateway         = var.single_nat_gateway
  enable_interface_endpoints = var.enable_interface_endpoints
  alb_ingress_cidrs          = var.alb_ingress_cidrs
  listener_ports             = values(local.listener_ports)
  service_ports              = local.ports
  scrape_target_cidrs        = var.scrape_target_cidrs
  smtp_port                  = var.smtp_port
  analyst_cidrs              = var.analyst_cidrs
}

module "storage" {
  source = "./modules/storage"

  name                      = local.name
  force_destroy             = var.force_destroy_buckets
  warehouse_noncurrent_days = var.warehouse_noncurrent_days
  scratch_expiration_days   = var.scratch_expiration_days
  log_retention_days        = var.log_retention_days
}

module "streaming" {
  source = "./modules/streaming"

  name                     = local.name
  kafka_version            = var.kafka_version
  broker_instance_type     = var.msk_broker_instance_type
  broker_count             = var.msk_broker_count
  broker_volume_gib        = var.msk_broker_volume_gib
  broker_volume_max_gib    = var.msk_broker_volume_max_gib
  client_broker            = var.msk_client_broker_encryption
  subnet_ids               = module.network.private_subnet_ids
  security_group_id        = module.network.security_group_ids["msk"]
  kms_key_arn              = module.storage.kms_key_arn
  log_retention_days       = var.log_retention_days
  points_topic             = local.points_topic
  deadletter_topic         = local.deadletter_topic
  points_partitions        = var.points_topic_partitions
  deadletter_partitions    = var.deadletter_topic_partitions
  points_local_retention_h = var.points_topic_local_retention_hours
}

module "database" {
  source = "./modules/database"

  name                   = local.name
  subnet_ids             = module.network.private_subnet_ids
  security_group_id      = module.network.security_group_ids["rds"]
  kms_key_arn            = module.storage.kms_key_arn
  engine_version         = var.db_engine_version
  instance_class         = var.db_instance_class
  allocated_storage_gib  = var.db_allocated_storage_gib
  max_storage_gib        = var.db_max_allocated_storage_gib
  multi_az               = var.db_multi_az
  master_username        = var.db_master_username
  master_password        = var.db_master_password
  password_version       = var.db_password_version
  deletion_protection    = var.deletion_protection
  control_plane_database = local.control_plane_database
  catalog_database       = local.iceberg_catalog_database
}

module "compute" {
  source = "./modules/compute"

  name          = local.name
  aws_region    = var.aws_region
  release_label = var.emr_release_label
  subnet_id     = module.network.private_subnet_ids[0]
  security_group_ids = {
    spark_primary        = module.network.security_group_ids["spark_primary"]
    spark_core           = module.network.security_group_ids["spark_core"]
    spark_service_access = module.network.security_group_ids["spark_service_access"]
    trino_primary        = module.network.security_group_ids["trino_primary"]
    trino_core           = module.network.security_group_ids["trino_core"]
    trino_service_access = module.network.security_group_ids["trino_service_access"]
  }
  kms_key_arn            = module.storage.kms_key_arn
  warehouse_bucket       = module.storage.buckets["warehouse"]
  checkpoints_bucket     = module.storage.buckets["checkpoints"]
  artifacts_bucket       = module.storage.buckets["artifacts"]
  db_address             = module.database.address
  db_port                = module.database.port
  db_secret_arn          = module.database.secret_arn
  catalog_name           = local.iceberg_catalog_name
  catalog_database       = local.iceberg_catalog_database
  control_plane_database = local.control_plane_database
  # The speed layer cannot pass Kafka client options yet (no kafka.security.protocol), so it reads
  # the plaintext listener inside the VPC; with client_broker = TLS it needs that option first.
  speed_layer_bootstrap_servers   = var.msk_client_broker_encryption == "TLS" ? module.streaming.bootstrap_brokers_tls : module.streaming.bootstrap_brokers_plaintext
  points_topic                    = local.points_topic
  deadletter_topic                = local.deadletter_topic
  spark_runtime_archive           = var.spark_runtime_archive
  spark_primary_instance_type     = var.spark_primary_instance_type
  spark_core_instance_type        = var.spark_core_instance_type
  spark_core_instance_count       = var.spark_core_instance_count
  spark_task_instance_type        = var.spark_task_instance_type
  spark_max_instances             = var.spark_max_instances
  speed_layer_num_executors       = var.speed_layer_num_executors
  speed_layer_executor_cores      = var.speed_layer_executor_cores
  speed_layer_executor_memory     = var.speed_layer_executor_memory
  speed_layer_trigger             = var.speed_layer_trigger
  trino_coordinator_instance_type = var.trino_coordinator_instance_type
  trino_worker_instance_type      = var.trino_worker_instance_type
  trino_worker_count              = var.trino_worker_count
  termination_protection          = var.deletion_protection
  log_retention_days              = var.log_retention_days
}

module "orchestration" {
  source = "./modules/orchestration"

  name                  = local.name
  aws_region            = var.aws_region
  airflow_version       = var.airflow_version
  environment_class     = var.mwaa_environment_class
  max_workers           = var.mwaa_max_workers
  webserver_access_mode = var.mwaa_webserver_access_mode
  subnet_ids            = slice(module.network.private_subnet_ids, 0, 2)
  security_group_id     = module.network.security_group_ids["mwaa"]
  airflow_bucket        = module.storage.buckets["airflow"]
  artifacts_bucket      = module.storage.buckets["artifacts"]
  emr_cluster_id        = module.compute.spark_cluster_id
  emr_cluster_arn       = module.compute.spark_cluster_arn
  warehouse_location    = module.storage.warehouse_location
  checkpoint_location   = module.storage.checkpoint_location
  catalog_config_path   = module.compute.catalog_config_path
  submit_command        = module.compute.submit_command
}

module "services" {
  source = "./modules/services"

  name            = local.name
  aws_region      = var.aws_region
  vpc_id          = module.network.vpc_id
  alb_internal    = var.alb_internal
  alb_subnet_ids  = var.alb_internal ? module.network.private_subnet_ids : module.network.public_subnet_ids
  task_subnet_ids = module.network.private_subnet_ids
  security_group_ids = {
    alb            = module.network.security_group_ids["alb"]
    ingest_gateway = module.network.security_group_ids["ingest_gateway"]
    query_service  = module.network.security_group_ids["query_service"]
  }
  certificate_arn     = var.certificate_arn
  listener_ports      = local.listener_ports
  ports               = local.ports
  deletion_protection = var.deletion_protection
  log_retention_days  = var.log_retention_days
  kms_key_arn         = module.storage.kms_key_arn
  cpu_architecture    = var.service_cpu_architecture

  ingest_gateway_image = coalesce(var.ingest_gateway_image, "${module.storage.ecr_repository_urls["ingest-gateway"]}:${var.image_tag}")
  query_service_image  = coalesce(var.query_service_image, "${module.storage.ecr_repository_urls["query-service"]}:${var.image_tag}")
  ecr_repository_arns  = values(module.storage.ecr_repository_arns)

  ingest_gateway_cpu           = var.ingest_gateway_cpu
  ingest_gateway_memory        = var.ingest_gateway_memory
  ingest_gateway_desired_count = var.ingest_gateway_desired_count
  ingest_gateway_min_count     = var.ingest_gateway_min_count
  ingest_gateway_max_count     = var.ingest_gateway_max_count
  query_service_cpu            = var.query_service_cpu
  query_service_memory         = var.query_service_memory
  query_service_desired_count  = var.query_service_desired_count
  query_service_min_count      = var.query_service_min_count
  query_service_max_count      = var.query_service_max_count

  kafka_bootstrap_servers_tls = module.streaming.bootstrap_brokers_tls
  trino_jdbc_url              = module.compute.trino_jdbc_url
  control_plane_jdbc_url      = module.database.control_plane_jdbc_url
  db_secret_arn               = module.database.secret_arn
  airflow_environment_arn     = module.orchestration.environment_arn
  airflow_environment_name    = module.orchestration.environment_name
  airflow_webserver_url       = module.orchestration.webserver_url
}
