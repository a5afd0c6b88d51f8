# One application load balancer in front of both services:
#
#   listener "query"  (443, or 80 without a certificate): query service, plus /v1/ingest* routed
#                      to the gateway, so clients that only know one host name can push too;
#   listener "ingest" (8443, or 8081): the whole gateway (its /v1/status, remote_write, OTLP).
#
# Both services serve /v1/status, so a single listener cannot route purely by path; a listener per
# service keeps every endpoint of both reachable without DNS names. Host-based rules are an easy
# addition once there are DNS names.

locals {
  https    = var.certificate_arn != null
  protocol = local.https ? "HTTPS" : "HTTP"
}

resource "aws_lb" "this" {
  name                       = substr("${var.name}-alb", 0, 32)
  load_balancer_type         = "application"
  internal                   = var.alb_internal
  subnets                    = var.alb_subnet_ids
  security_groups            = [var.security_group_ids["alb"]]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  # Long enough for a 30-day panel query (seed: 10 s) and large pushes; not for idle keep-alives.
  idle_timeout = 60
}

resource "aws_lb_target_group" "this" {
  for_each = {
    ingest_gateway = { port = var.ports["ingest_gateway"], admin = var.ports["ingest_gateway_admin"], deregistration = 60 }
    query_service  = { port = var.ports["query_service"], admin = var.ports["query_service_admin"], deregistration = 30 }
  }

  name                 = substr("${var.name}-${replace(each.key, "_", "-")}", 0, 32)
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = each.value.port
  deregistration_delay = each.value.deregistration # the gateway finishes in-flight acks (ackTimeout 30 s)

  # Liveness on the admin port's /ping, not /healthcheck: a Kafka, Trino or PostgreSQL outage
  # makes /healthcheck fail on every task at once, and ECS would then replace healthy tasks in a
  # loop. Dependency health is for alerts (meta-monitoring), not for the load balancer.
  health_check {
    path                = "/ping"
    port                = tostring(each.value.admin)
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "query" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_ports["query"]
  protocol          = local.protocol
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this["query_service"].arn
  }
}

resource "aws_lb_listener_rule" "ingest_on_query_listener" {
  listener_arn = aws_lb_listener.query.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/v1/ingest", "/v1/ingest/*"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this["ingest_gateway"].arn
  }
}

resource "aws_lb_listener" "ingest" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_ports["ingest"]
  protocol          = local.protocol
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this["ingest_gateway"].arn
  }
}
