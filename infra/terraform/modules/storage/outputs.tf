output "kms_key_arn" {
  description = "ARN of the customer managed key encrypting the buckets, MSK, RDS, the secret and ECR."
  value       = aws_kms_key.data.arn
}

output "kms_key_alias" {
  description = "Alias of the data key."
  value       = aws_kms_alias.data.name
}

output "buckets" {
  description = "Bucket name and ARN per purpose: warehouse, checkpoints, artifacts, airflow."
  value       = { for k, b in aws_s3_bucket.this : k => { name = b.id, arn = b.arn } }
}

output "warehouse_location" {
  description = "Iceberg warehouse location (catalog property warehouse, Trino default-warehouse-dir)."
  value       = "s3://${aws_s3_bucket.this["warehouse"].id}/"
}

output "checkpoint_location" {
  description = "Structured Streaming checkpoint of the speed layer (s3a: the Spark 4 runtime's Hadoop S3 connector)."
  value       = "s3a://${aws_s3_bucket.this["checkpoints"].id}/speed-layer/"
}

output "ecr_repository_urls" {
  description = "ECR repository URL per service image."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "ecr_repository_arns" {
  description = "ECR repository ARN per service image."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}
