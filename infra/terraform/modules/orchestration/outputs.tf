output "environment_name" {
  description = "MWAA environment name."
  value       = aws_mwaa_environment.this.name
}

output "environment_arn" {
  description = "MWAA environment ARN."
  value       = aws_mwaa_environment.this.arn
}

output "webserver_url" {
  description = "Airflow UI / REST API host name (https://<this>)."
  value       = aws_mwaa_environment.this.webserver_url
}

output "execution_role_arn" {
  description = "MWAA execution role."
  value       = aws_iam_role.execution.arn
}

output "dags_location" {
  description = "Where to upload dags/ (aws s3 sync dags/ <this>)."
  value       = "s3://${var.airflow_bucket.name}/dags/"
}
