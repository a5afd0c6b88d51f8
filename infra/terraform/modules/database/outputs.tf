output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the instance."
  value       = aws_db_instance.this.port
}

output "secret_arn" {
  description = "Secrets Manager secret with username, password, host, port (JSON)."
  value       = aws_secretsmanager_secret.db.arn
  # Consumers (EMR bootstrap, ECS tasks) read the value: the secret must have one first.
  depends_on = [aws_secretsmanager_secret_version.db]
}

output "control_plane_jdbc_url" {
  description = "JDBC URL of the control-plane database (CONTROL_PLANE_JDBC_URL)."
  value       = "jdbc:postgresql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/${var.control_plane_database}?sslmode=require"
}

output "catalog_jdbc_url" {
  description = "JDBC URL of the Iceberg JDBC catalog database (catalog property uri)."
  value       = "jdbc:postgresql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/${var.catalog_database}?sslmode=require"
}
