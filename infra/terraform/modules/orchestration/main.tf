# Amazon MWAA running the DAGs of dags/ (uploaded to s3://<airflow bucket>/dags/). The DAGs drive
# batch-jobs as EMR steps on the Spark cluster: `lakehouse-submit spark batch-jobs ... -- <command>`
# through command-runner.jar. Everything they need to know about this deployment is in the
# custom Airflow configuration section [metrics_lakehouse] (conf.get("metrics_lakehouse", ...),
# or the environment variables AIRFLOW__METRICS_LAKEHOUSE__*).

data "aws_partition" "current" {}

locals {
  env_name = var.name
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "PublishMetrics"
    actions   = ["airflow:PublishMetrics"]
    resources = ["arn:${data.aws_partition.current.partition}:airflow:${var.aws_region}:*:environment/${local.env_name}"]
  }

  # The source bucket: read dags/, requirements.txt, plugins.
  statement {
    sid       = "DenyListAllBuckets"
    effect    = "Deny"
    actions   = ["s3:ListAllMyBuckets"]
    resources = [var.airflow_bucket.arn, "${var.airflow_bucket.arn}/*"]
  }

  statement {
    sid       = "SourceBucketRead"
    actions   = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
    resources = [var.airflow_bucket.arn, "${var.airflow_bucket.arn}/*"]
  }

  statement {
    sid = "Logs"
    actions = [
      "logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents",
      "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:logs:${var.aws_region}:*:log-group:airflow-${local.env_name}-*"]
  }

  statement {
    sid       = "LogGroupsDescribe"
    actions   = ["logs:DescribeLogGroups", "cloudwatch:PutMetricData"]
    resources = ["*"]
  }

  # MWAA's Celery queue (an SQS queue in MWAA's own account) and its AWS-owned key.
  statement {
    sid       = "CeleryQueue"
    actions   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"]
    resources = ["arn:${data.aws_partition.current.partition}:sqs:${var.aws_region}:*:airflow-celery-*"]
  }

  statement {
    sid           = "CeleryQueueKey"
    actions       = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"]
    not_resources = ["arn:${data.aws_partition.current.partition}:kms:*:*:key/*"]
    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["sqs.${var.aws_region}.amazonaws.com"]
    }
  }

  # The batch layer: submit, watch and cancel steps on the Spark cluster, nothing else.
  statement {
    sid = "EmrSteps"
    actions = [
      "elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeStep", "elasticmapreduce:ListSteps",
      "elasticmapreduce:CancelSteps", "elasticmapreduce:DescribeCluster",
    ]
    resources = [var.emr_cluster_arn]
  }
}

resource "aws_iam_role" "execution" {
  name_prefix        = "${substr(var.name, 0, 20)}-mwaa-"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "execution" {
  name   = "mwaa-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_mwaa_environment" "this" {
  name                  = local.env_name
  airflow_version       = var.airflow_version
  environment_class     = var.environment_class
  min_workers           = 1
  max_workers           = var.max_workers
  execution_role_arn    = aws_iam_role.execution.arn
  source_bucket_arn     = var.airflow_bucket.arn
  dag_s3_path           = "dags/"
  webserver_access_mode = var.webserver_access_mode

  airflow_configuration_options = {
    "core.default_timezone"                 = "utc"
    "core.load_examples"                    = "false"
    "metrics_lakehouse.emr_cluster_id"      = var.emr_cluster_id
    "metrics_lakehouse.artifacts_bucket"    = var.artifacts_bucket.name
    "metrics_lakehouse.warehouse"           = var.warehouse_location
    "metrics_lakehouse.checkpoint_location" = var.checkpoint_location
    "metrics_lakehouse.catalog_config"      = var.catalog_config_path
    "metrics_lakehouse.submit_command"      = var.submit_command
    "metrics_lakehouse.region"              = var.aws_region
  }

  network_configuration {
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.security_group_id]
  }

  logging_configuration {
    dag_processing_logs {
      enabled   = true
      log_level = "WARNING"
    }
    scheduler_logs {
      enabled   = true
      log_level = "WARNING"
    }
    task_logs {
      enabled   = true
      log_level = "INFO"
    }
    webserver_logs {
      enabled   = true
      log_level = "WARNING"
    }
    worker_logs {
      enabled   = true
      log_level = "WARNING"
    }
  }

  depends_on = [aws_s3_object.dags_folder]
}

# MWAA checks that the DAG folder exists when the environment is created; the DAGs themselves are
# uploaded by the deployment (aws s3 sync dags/ s3://<bucket>/dags/), not by Terraform.
resource "aws_s3_object" "dags_folder" {
  bucket  = var.airflow_bucket.name
  key     = "dags/"
  content = ""
}
