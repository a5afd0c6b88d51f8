# Object storage of the lakehouse, the key that encrypts it, and the image repositories.
#
# Retention of the data itself (raw 7 days, 1-minute rollups 30 days, hourly rollups 1 year) is
# NOT an S3 lifecycle rule: Iceberg tables are a set of data files listed by metadata, and a file
# that S3 deletes behind Iceberg's back is a table that fails every read of that snapshot. The
# batch layer's retention job deletes rows (partitions), expires snapshots and removes orphan
# files; only then do the files become noncurrent versions, which the rules below clean up. The
# rules here only cover what Iceberg never tracks: noncurrent versions, delete markers,
# incomplete multipart uploads and the scratch prefix.

locals {
  buckets = {
    warehouse = {
      prefix      = "${var.name}-warehouse-"
      description = "Iceberg warehouse: every table's data and metadata files"
      kms         = true
    }
    checkpoints = {
      prefix      = "${var.name}-checkpoints-"
      description = "Spark Structured Streaming checkpoints (offsets, commits, state)"
      kms         = true
    }
    artifacts = {
      prefix      = "${var.name}-artifacts-"
      description = "Application jars, the Spark runtime, EMR bootstrap scripts and EMR logs"
      kms         = true
    }
    airflow = {
      # MWAA requires the source bucket's name to start with "airflow-".
      prefix      = "airflow-${var.name}-"
      description = "MWAA source: dags/ and requirements.txt"
      # DAG code is not sensitive; SSE-S3 avoids granting MWAA's service-side components the key.
      kms = false
    }
  }

  # Lifecycle rules per bucket. Current objects never expire, except scratch and logs.
  lifecycle_rules = {
    warehouse = [
      # Files removed by Iceberg (snapshot expiry, orphan removal, retention) stay recoverable
      # for a few days, then go: raw points churn ~1-2 TB/day compressed at the seed's rate.
      { id = "noncurrent-versions", prefix = null, noncurrent_days = var.warehouse_noncurrent_days, expire_days = null },
      # Job scratch space (backfill staging, ad-hoc exports). Nothing of a table lives here.
      { id = "scratch-tmp", prefix = "tmp/", noncurrent_days = null, expire_days = var.scratch_expiration_days },
    ]
    checkpoints = [
      # Spark rewrites offset/commit files every trigger (every 5 s) and purges old batches
      # itself (spark.sql.streaming.minBatchesToRetain); versions of those are worthless after a
      # day. Current checkpoint files must never expire: losing them replays or skips data.
      { id = "noncurrent-versions", prefix = null, noncurrent_days = 1, expire_days = null },
    ]
    artifacts = [
      { id = "noncurrent-versions", prefix = null, noncurrent_days = 30, expire_days = null },
      { id = "emr-logs", prefix = "emr-logs/", noncurrent_days = null, expire_days = var.log_retention_days },
    ]
    airflow = [
      { id = "noncurrent-versions", prefix = null, noncurrent_days = 30, expire_days = null },
    ]
  }
}

resource "aws_kms_key" "data" {
  description             = "${var.name}: S3 warehouse/checkpoints/artifacts, MSK, RDS, Secrets Manager, ECR"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  # No explicit policy: the default key policy delegates to IAM, and every role in this
  # deployment gets exactly the kms: actions it needs in its own IAM policy.
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.name}-data"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket_prefix = each.value.prefix
  force_destroy = var.force_destroy

  tags = { Purpose = each.value.description }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.buckets[each.key].kms ? "aws:kms" : "AES256"
      kms_master_key_id = local.buckets[each.key].kms ? aws_kms_key.data.arn : null
    }
    # S3 Bucket Keys: one KMS call per bucket key instead of one per object. The speed layer
    # writes files every 5 s and Trino reads thousands per query: without it KMS request
    # charges (and throttling) would rival the storage cost.
    bucket_key_enabled = local.buckets[each.key].kms
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  dynamic "rule" {
    for_each = local.lifecycle_rules[each.key]
    content {
      id     = rule.value.id
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      dynamic "expiration" {
        for_each = rule.value.expire_days == null ? [] : [rule.value.expire_days]
        content {
          days = expiration.value
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_days == null ? [] : [rule.value.noncurrent_days]
        content {
          noncurrent_days = noncurrent_version_expiration.value
        }
      }
    }
  }

  # Every bucket: multipart uploads abandoned by a killed writer (S3FileIO and S3A upload large
  # files in parts) are invisible but billed; delete markers left once their versions are gone.
  rule {
    id     = "housekeeping"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }

    expiration {
      expired_object_delete_marker = true
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "tls_only" {
  for_each = aws_s3_bucket.this

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Images of the two Dropwizard services.
resource "aws_ecr_repository" "this" {
  for_each = toset(["ingest-gateway", "query-service"])

  name                 = "${var.name}/${each.key}"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_destroy

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.data.arn
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the 50 newest images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 50
      }
      action = { type = "expire" }
    }]
  })
}
