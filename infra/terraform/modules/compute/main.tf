# Two EMR clusters on the same Iceberg catalog (JDBC catalog "iceberg" in RDS, warehouse in S3):
#
#   spark: YARN + the product's Spark 4.1.3 runtime (bootstrap action). Runs the speed layer
#          continuously (started by a step at cluster creation) and the batch jobs (steps that
#          the Airflow DAGs submit).
#   trino: the Trino coordinator (primary node) and workers (core nodes) with the Iceberg
#          connector, for the query service and analysts.
#
# One cluster per engine rather than one shared cluster: the always-on streaming job and YARN's
# batch containers would otherwise compete with Trino's workers for the same memory (YARN does not
# see Trino's JVMs), and a backfill would slow dashboards down exactly when it runs.

locals {
  bootstrap_prefix = "s3://${var.artifacts_bucket.name}/bootstrap"
  catalog_jdbc_url = "jdbc:postgresql://${var.db_address}:${var.db_port}/${var.catalog_database}?sslmode=require"
  warehouse        = "s3://${var.warehouse_bucket.name}/"
  checkpoint       = "s3a://${var.checkpoints_bucket.name}/speed-layer/"
  catalog_config   = "/etc/metrics-lakehouse/catalog.properties"
  submit           = "/opt/metrics-lakehouse/bin/lakehouse-submit"
  emr_tag          = { "for-use-with-amazon-emr-managed-policies" = "true" }

  # The non-secret Iceberg catalog properties: the same keys as the embedded default
  # (infra/local/stack StackEndpoints.icebergCatalogProperties) minus the S3 endpoint and keys
  # (real S3, instance profile credentials). jdbc.user/jdbc.password come from the secret.
  iceberg_catalog_properties = {
    "type"                = "jdbc"
    "uri"                 = local.catalog_jdbc_url
    "jdbc.schema-version" = "V1"
    "warehouse"           = local.warehouse
    "io-impl"             = "org.apache.iceberg.aws.s3.S3FileIO"
    "client.region"       = var.aws_region
  }

  bootstrap_args = [
    "--region", var.aws_region,
    "--secret-arn", var.db_secret_arn,
    "--db-host", var.db_address,
    "--db-port", tostring(var.db_port),
    "--catalog-db", var.catalog_database,
    "--control-plane-db", var.control_plane_database,
    "--warehouse", local.warehouse,
    "--artifacts-bucket", var.artifacts_bucket.name,
  ]

  # EMR's own Spark (3.5) gets the product's session settings and the catalog (minus
  # credentials: pass --conf spark.sql.catalog.iceberg.jdbc.user/password for ad-hoc spark-sql).
  # The product's jobs run on the Spark 4 runtime and read the full catalog from
  # /etc/metrics-lakehouse/catalog.properties (--catalog-config), written by the bootstrap.
  spark_configurations = [
    {
      Classification = "spark-defaults"
      Properties = merge(
        {
          "spark.sql.extensions"                     = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
          "spark.sql.session.timeZone"               = "UTC"
          "spark.sql.sources.partitionOverwriteMode" = "dynamic"
          "spark.sql.catalog.${var.catalog_name}"    = "org.apache.iceberg.spark.SparkCatalog"
        },
        { for k, v in local.iceberg_catalog_properties : "spark.sql.catalog.${var.catalog_name}.${k}" => v },
      )
    },
    {
      Classification = "iceberg-defaults"
      Properties     = { "iceberg.enabled" = "true" }
    },
    {
      # The streaming job's application master may be restarted this many times (its own
      # spark.yarn.maxAppAttempts is capped by it); failures older than 1 h do not count.
      Classification = "yarn-site"
      Properties     = { "yarn.resourcemanager.am.max-attempts" = "10" }
    },
  ]

  trino_configurations = [
    {
      # Catalog file iceberg.properties: the catalog is named "iceberg" in Trino, as in Spark.
      Classification = "trino-connector-iceberg"
      Properties = {
        "connector.name"                             = "iceberg"
        "iceberg.catalog.type"                       = "jdbc"
        "iceberg.jdbc-catalog.catalog-name"          = var.catalog_name
        "iceberg.jdbc-catalog.driver-class"          = "org.postgresql.Driver"
        "iceberg.jdbc-catalog.connection-url"        = local.catalog_jdbc_url
        "iceberg.jdbc-catalog.connection-user"       = "$${ENV:ICEBERG_JDBC_USER}"
        "iceberg.jdbc-catalog.connection-password"   = "$${ENV:ICEBERG_JDBC_PASSWORD}"
        "iceberg.jdbc-catalog.default-warehouse-dir" = local.warehouse
        "fs.native-s3.enabled"                       = "true"
        "s3.region"                                  = var.aws_region
      }
    },
    {
      # Backstop for runaway queries: the seed allows 10 s for 30-day panels.
      Classification = "trino-config"
      Properties     = { "query.max-execution-time" = "10m" }
    },
  ]

  speed_layer_command = join(" ", [
    local.submit, "schemas", "apply", "--catalog-config", local.catalog_config,
    "&&",
    local.submit, "spark", "speed-layer",
    "--num-executors", tostring(var.speed_layer_num_executors),
    "--executor-cores", tostring(var.speed_layer_executor_cores),
    "--executor-memory", var.speed_layer_executor_memory,
    "--driver-memory", "4g",
    "--conf", "spark.dynamicAllocation.enabled=false",
    "--conf", "spark.sql.shuffle.partitions=${2 * var.speed_layer_num_executors * var.speed_layer_executor_cores}",
    # Return once YARN runs the job: the step ends, the stream keeps running (and YARN restarts
    # its application master on failure, up to yarn.resourcemanager.am.max-attempts).
    "--conf", "spark.yarn.submit.waitAppCompletion=false",
    "--",
    "run",
    "--catalog-config", local.catalog_config,
    "--kafka-bootstrap-servers", var.speed_layer_bootstrap_servers,
    "--topic", var.points_topic,
    "--dead-letter-topic", var.deadletter_topic,
    "--checkpoint", local.checkpoint,
    "--trigger", var.speed_layer_trigger,
    "--starting-offsets", "earliest",
  ])
}

resource "aws_s3_object" "bootstrap" {
  for_each = toset(["bootstrap.sh", "lakehouse-submit.sh"])

  bucket      = var.artifacts_bucket.name
  key         = "bootstrap/${each.key}"
  source      = "${path.module}/files/${each.key}"
  source_hash = filemd5("${path.module}/files/${each.key}")
}

resource "aws_emr_security_configuration" "this" {
  name_prefix = "${var.name}-"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = var.kms_key_arn
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = var.kms_key_arn
          EnableEbsEncryption       = true
        }
      }
    }
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 2
    }
  })
}

resource "aws_cloudwatch_log_group" "steps" {
  # Where operators and the DAGs can ship step output; EMR itself logs to s3://<artifacts>/emr-logs/.
  name              = "/aws/emr/${var.name}"
  retention_in_days = var.log_retention_days
}

# --- Spark cluster ------------------------------------------------------------------------------

resource "aws_emr_cluster" "spark" {
  name                              = "${var.name}-spark"
  release_label                     = var.release_label
  applications                      = ["Hadoop", "Spark"]
  service_role                      = aws_iam_role.emr_service.arn
  security_configuration            = aws_emr_security_configuration.this.name
  log_uri                           = "s3://${var.artifacts_bucket.name}/emr-logs/"
  configurations_json               = jsonencode(local.spark_configurations)
  keep_job_flow_alive_when_no_steps = true
  termination_protection            = var.termination_protection
  unhealthy_node_replacement        = true
  # The speed layer's step ends once YARN runs it; batch steps from Airflow run next to each other.
  step_concurrency_level = 10
  ebs_root_volume_size   = 32

  ec2_attributes {
    subnet_id                         = var.subnet_id
    emr_managed_master_security_group = var.security_group_ids["spark_primary"]
    emr_managed_slave_security_group  = var.security_group_ids["spark_core"]
    service_access_security_group     = var.security_group_ids["spark_service_access"]
    instance_profile                  = aws_iam_instance_profile.spark_nodes.arn
  }

  master_instance_group {
    name           = "primary"
    instance_type  = var.spark_primary_instance_type
    instance_count = 1
  }

  core_instance_group {
    name           = "core"
    instance_type  = var.spark_core_instance_type
    instance_count = var.spark_core_instance_count

    ebs_config {
      size                 = 256 # shuffle, HDFS staging of spark-submit
      type                 = "gp3"
      volumes_per_instance = 1
    }
  }

  bootstrap_action {
    name = "metrics-lakehouse"
    path = "${local.bootstrap_prefix}/bootstrap.sh"
    args = concat(["--role", "spark", "--spark-runtime", var.spark_runtime_archive], local.bootstrap_args)
  }

  step {
    name              = "start-speed-layer"
    action_on_failure = "CONTINUE"

    hadoop_jar_step {
      jar  = "command-runner.jar"
      args = ["bash", "-c", local.speed_layer_command]
    }
  }

  tags = merge(local.emr_tag, { Name = "${var.name}-spark", Engine = "spark" })

  lifecycle {
    # Airflow adds steps to the running cluster; they must not make Terraform replace it.
    ignore_changes = [step]
  }

  depends_on = [aws_s3_object.bootstrap]
}

# Batch capacity: task nodes that managed scaling adds for the hourly rollups and backfills.
resource "aws_emr_instance_group" "spark_task" {
  name           = "task"
  cluster_id     = aws_emr_cluster.spark.id
  instance_type  = var.spark_task_instance_type
  instance_count = 0

  ebs_config {
    size                 = 256
    type                 = "gp3"
    volumes_per_instance = 1
  }

  lifecycle {
    ignore_changes = [instance_count] # managed scaling owns it
  }
}

resource "aws_emr_managed_scaling_policy" "spark" {
  cluster_id = aws_emr_cluster.spark.id

  compute_limits {
    unit_type                       = "Instances"
    minimum_capacity_units          = var.spark_core_instance_count
    maximum_capacity_units          = var.spark_max_instances
    maximum_core_capacity_units     = var.spark_core_instance_count
    maximum_ondemand_capacity_units = var.spark_max_instances
  }

  depends_on = [aws_emr_instance_group.spark_task]
}

# --- Trino cluster ------------------------------------------------------------------------------

resource "aws_emr_cluster" "trino" {
  name                              = "${var.name}-trino"
  release_label                     = var.release_label
  applications                      = ["Trino"]
  service_role                      = aws_iam_role.emr_service.arn
  security_configuration            = aws_emr_security_configuration.this.name
  log_uri                           = "s3://${var.artifacts_bucket.name}/emr-logs/"
  configurations_json               = jsonencode(local.trino_configurations)
  keep_job_flow_alive_when_no_steps = true
  termination_protection            = var.termination_protection
  unhealthy_node_replacement        = true
  ebs_root_volume_size              = 32

  ec2_attributes {
    subnet_id                         = var.subnet_id
    emr_managed_master_security_group = var.security_group_ids["trino_primary"]
    emr_managed_slave_security_group  = var.security_group_ids["trino_core"]
    service_access_security_group     = var.security_group_ids["trino_service_access"]
    instance_profile                  = aws_iam_instance_profile.trino_nodes.arn
  }

  master_instance_group {
    name           = "coordinator"
    instance_type  = var.trino_coordinator_instance_type
    instance_count = 1
  }

  core_instance_group {
    name           = "workers"
    instance_type  = var.trino_worker_instance_type
    instance_count = var.trino_worker_count

    ebs_config {
      size                 = 128 # spill
      type                 = "gp3"
      volumes_per_instance = 1
    }
  }

  bootstrap_action {
    name = "metrics-lakehouse"
    path = "${local.bootstrap_prefix}/bootstrap.sh"
    args = concat(["--role", "trino"], local.bootstrap_args)
  }

  tags = merge(local.emr_tag, { Name = "${var.name}-trino", Engine = "trino" })

  # The Spark cluster's bootstrap creates the catalog database Trino's connector points at.
  depends_on = [aws_s3_object.bootstrap, aws_emr_cluster.spark]
}
