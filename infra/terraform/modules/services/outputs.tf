output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer (Route 53 alias records)."
  value       = aws_lb.this.zone_id
}

output "query_service_url" {
  description = "Base URL of the query service (dashboards, query API, alert rules)."
  value       = "${lower(local.protocol)}://${aws_lb.this.dns_name}:${var.listener_ports["query"]}"
}

output "ingest_gateway_url" {
  description = "Base URL of the ingest gateway (POST /v1/ingest, remote_write, OTLP, /v1/status)."
  value       = "${lower(local.protocol)}://${aws_lb.this.dns_name}:${var.listener_ports["ingest"]}"
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_names" {
  description = "ECS service per component."
  value       = { for k, s in aws_ecs_service.this : k => s.name }
}

output "log_groups" {
  description = "CloudWatch log group per service."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "environment" {
  description = "Environment variables (non-secret) each task gets; the secrets are CONTROL_PLANE_DB_USER/PASSWORD from the database secret."
  value       = { for k, s in local.services : k => s.environment }
}
