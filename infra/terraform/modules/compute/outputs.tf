output "spark_cluster_id" {
  description = "EMR Spark cluster id (the DAGs submit their steps to it)."
  value       = aws_emr_cluster.spark.id
}

output "spark_cluster_arn" {
  description = "EMR Spark cluster ARN."
  value       = aws_emr_cluster.spark.arn
}

output "spark_primary_dns" {
  description = "Private DNS name of the Spark cluster's primary node (YARN UI :8088, Spark history :18080)."
  value       = aws_emr_cluster.spark.master_public_dns
}

output "trino_cluster_id" {
  description = "EMR Trino cluster id."
  value       = aws_emr_cluster.trino.id
}

output "trino_coordinator_dns" {
  description = "Private DNS name of the Trino coordinator."
  value       = aws_emr_cluster.trino.master_public_dns
}

output "trino_http_url" {
  description = "Trino coordinator HTTP URL (EMR's Trino listens on 8889)."
  value       = "http://${aws_emr_cluster.trino.master_public_dns}:8889"
}

output "trino_jdbc_url" {
  description = "Trino JDBC URL (TRINO_JDBC_URL of the query service)."
  value       = "jdbc:trino://${aws_emr_cluster.trino.master_public_dns}:8889"
}

output "iceberg_catalog_properties" {
  description = "Non-secret Iceberg catalog properties (jdbc.user/jdbc.password come from the secret)."
  value       = local.iceberg_catalog_properties
}

output "catalog_config_path" {
  description = "Path, on every EMR node, of the full catalog properties file (--catalog-config)."
  value       = local.catalog_config
}

output "submit_command" {
  description = "Path, on the Spark cluster's nodes, of the wrapper EMR steps run."
  value       = local.submit
}

output "checkpoint_location" {
  description = "Checkpoint location of the speed layer."
  value       = local.checkpoint
}

output "speed_layer_command" {
  description = "The command of the start-speed-layer step (rerun it as a step to restart the stream)."
  value       = local.speed_layer_command
}

output "node_role_arns" {
  description = "IAM roles of the EMR nodes and of the EMR service."
  value = {
    spark_nodes = aws_iam_role.spark_nodes.arn
    trino_nodes = aws_iam_role.trino_nodes.arn
    emr_service = aws_iam_role.emr_service.arn
  }
}
