# IAM of the two EMR clusters: one service role (EMR's managed v2 policy, which only acts on
# resources tagged for-use-with-amazon-emr-managed-policies=true) and one instance profile per
# cluster with exactly the S3 prefixes, key and secret that cluster uses.

data "aws_partition" "current" {}

data "aws_iam_policy_document" "emr_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["elasticmapreduce.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "emr_service" {
  name_prefix        = "${substr(var.name, 0, 20)}-emr-svc-"
  assume_role_policy = data.aws_iam_policy_document.emr_assume.json
}

resource "aws_iam_role_policy_attachment" "emr_service" {
  role       = aws_iam_role.emr_service.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2"
}

data "aws_iam_policy_document" "emr_service_extra" {
  # The managed policy only passes roles named EMR_EC2_DefaultRole; ours have other names.
  statement {
    sid       = "PassInstanceRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.spark_nodes.arn, aws_iam_role.trino_nodes.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }

  # EBS encryption of the nodes' local disks with the data key (security configuration).
  statement {
    sid       = "LocalDiskEncryption"
    actions   = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*", "kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "emr_service_extra" {
  name   = "pass-roles-and-disk-key"
  role   = aws_iam_role.emr_service.id
  policy = data.aws_iam_policy_document.emr_service_extra.json
}

# --- Spark nodes: the speed layer and the batch jobs -------------------------------------------

data "aws_iam_policy_document" "spark_nodes" {
  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
    resources = [var.warehouse_bucket.arn, var.checkpoints_bucket.arn, var.artifacts_bucket.arn]
  }

  # Spark writes every table (raw points, speed and batch rollups) and runs retention/compaction,
  # so it reads, writes and deletes in the whole warehouse, and owns its checkpoints.
  statement {
    sid = "WarehouseAndCheckpointsReadWrite"
    actions = [
      "s3:GetObject", "s3:PutObject", "s3:DeleteObject",
      "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
    ]
    resources = ["${var.warehouse_bucket.arn}/*", "${var.checkpoints_bucket.arn}/*"]
  }

  statement {
    sid       = "ArtifactsRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.artifacts_bucket.arn}/jars/*", "${var.artifacts_bucket.arn}/spark-runtime/*", "${var.artifacts_bucket.arn}/bootstrap/*"]
  }

  statement {
    sid       = "EmrLogsWrite"
    actions   = ["s3:PutObject"]
    resources = ["${var.artifacts_bucket.arn}/emr-logs/*"]
  }

  statement {
    sid       = "DataKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "DatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.db_secret_arn]
  }

  # What EMR's node agents call about their own cluster.
  statement {
    sid = "EmrNodeAgents"
    actions = [
      "elasticmapreduce:DescribeCluster", "elasticmapreduce:ListBootstrapActions",
      "elasticmapreduce:ListInstanceGroups", "elasticmapreduce:ListInstances",
      "elasticmapreduce:ListSteps", "elasticmapreduce:DescribeStep", "ec2:DescribeTags",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "spark_nodes" {
  name_prefix        = "${substr(var.name, 0, 20)}-emr-spark-"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy" "spark_nodes" {
  name   = "lakehouse-spark"
  role   = aws_iam_role.spark_nodes.id
  policy = data.aws_iam_policy_document.spark_nodes.json
}

resource "aws_iam_role_policy_attachment" "spark_nodes_ssm" {
  # Shell access through Session Manager instead of SSH keys and an open port 22.
  role       = aws_iam_role.spark_nodes.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "spark_nodes" {
  name_prefix = "${substr(var.name, 0, 20)}-emr-spark-"
  role        = aws_iam_role.spark_nodes.name
}

# --- Trino nodes: read-only on the warehouse ------------------------------------------------------

data "aws_iam_policy_document" "trino_nodes" {
  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.warehouse_bucket.arn, var.artifacts_bucket.arn]
  }

  # Trino serves reads (dashboards, alert evaluation, analysts): every write goes through Spark.
  statement {
    sid       = "WarehouseRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.warehouse_bucket.arn}/*"]
  }

  statement {
    sid       = "BootstrapRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.artifacts_bucket.arn}/bootstrap/*"]
  }

  statement {
    sid       = "EmrLogsWrite"
    actions   = ["s3:PutObject"]
    resources = ["${var.artifacts_bucket.arn}/emr-logs/*"]
  }

  statement {
    sid       = "DataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "DatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.db_secret_arn]
  }

  statement {
    sid = "EmrNodeAgents"
    actions = [
      "elasticmapreduce:DescribeCluster", "elasticmapreduce:ListBootstrapActions",
      "elasticmapreduce:ListInstanceGroups", "elasticmapreduce:ListInstances", "ec2:DescribeTags",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "trino_nodes" {
  name_prefix        = "${substr(var.name, 0, 20)}-emr-trino-"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy" "trino_nodes" {
  name   = "lakehouse-trino"
  role   = aws_iam_role.trino_nodes.id
  policy = data.aws_iam_policy_document.trino_nodes.json
}

resource "aws_iam_role_policy_attachment" "trino_nodes_ssm" {
  role       = aws_iam_role.trino_nodes.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "trino_nodes" {
  name_prefix = "${substr(var.name, 0, 20)}-emr-trino-"
  role        = aws_iam_role.trino_nodes.name
}
