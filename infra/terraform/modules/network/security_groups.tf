# Security groups of every component, and every rule between them. The load balancer is the only
# thing reachable from outside the VPC (alb_ingress_cidrs); analyst_cidrs optionally opens the Trino
# coordinator. Everything else only accepts traffic from the security groups that need it.
#
# Rules are separate aws_vpc_security_group_*_rule resources (no inline rules): EMR adds its own
# rules to its managed groups, and inline rules would fight them on every apply.

locals {
  security_groups = {
    alb                  = "Load balancer: the only inbound path"
    ingest_gateway       = "ingest-gateway tasks (ECS Fargate)"
    query_service        = "query-service tasks (ECS Fargate)"
    msk                  = "MSK brokers"
    rds                  = "RDS PostgreSQL (control plane + Iceberg JDBC catalog)"
    spark_primary        = "EMR Spark cluster: primary node (EMR-managed)"
    spark_core           = "EMR Spark cluster: core and task nodes (EMR-managed)"
    spark_service_access = "EMR Spark cluster: service access (private subnet)"
    trino_primary        = "EMR Trino cluster: coordinator (EMR-managed)"
    trino_core           = "EMR Trino cluster: workers (EMR-managed)"
    trino_service_access = "EMR Trino cluster: service access (private subnet)"
    mwaa                 = "MWAA environment"
    endpoints            = "Interface VPC endpoints"
  }
  emr_groups = toset(["spark_primary", "spark_core", "spark_service_access", "trino_primary", "trino_core", "trino_service_access"])

  p = var.service_ports

  # Ingress from another security group: [group, source group, protocol, from, to, description].
  sg_ingress = [
    ["ingest_gateway", "alb", "tcp", local.p.ingest_gateway, local.p.ingest_gateway, "ALB to gateway"],
    ["ingest_gateway", "alb", "tcp", local.p.ingest_gateway_admin, local.p.ingest_gateway_admin, "ALB health checks (/ping)"],
    ["query_service", "alb", "tcp", local.p.query_service, local.p.query_service, "ALB to query service"],
    ["query_service", "alb", "tcp", local.p.query_service_admin, local.p.query_service_admin, "ALB health checks (/ping)"],
    ["query_service", "ingest_gateway", "tcp", local.p.query_service_admin, local.p.query_service_admin, "meta-monitoring: the gateway scrapes /metrics/prometheus"],

    ["msk", "ingest_gateway", "tcp", 9094, 9094, "gateway producer (TLS)"],
    ["msk", "ingest_gateway", "tcp", 11001, 11002, "meta-monitoring: broker JMX and node exporters"],
    ["msk", "spark_primary", "tcp", 9092, 9092, "speed layer driver (plaintext in VPC)"],
    ["msk", "spark_primary", "tcp", 9094, 9094, "speed layer driver (TLS)"],
    ["msk", "spark_core", "tcp", 9092, 9092, "speed layer executors (plaintext in VPC)"],
    ["msk", "spark_core", "tcp", 9094, 9094, "speed layer executors (TLS)"],

    ["rds", "ingest_gateway", "tcp", 5432, 5432, "gateway: metric registry, cardinality"],
    ["rds", "query_service", "tcp", 5432, 5432, "query service: control plane"],
    ["rds", "spark_primary", "tcp", 5432, 5432, "Spark: Iceberg JDBC catalog"],
    ["rds", "spark_core", "tcp", 5432, 5432, "Spark (cluster-mode drivers): Iceberg JDBC catalog"],
    ["rds", "trino_primary", "tcp", 5432, 5432, "Trino coordinator: Iceberg JDBC catalog"],
    ["rds", "trino_core", "tcp", 5432, 5432, "Trino workers: Iceberg JDBC catalog"],

    ["trino_primary", "query_service", "tcp", 8889, 8889, "query service to Trino (JDBC over HTTP)"],

    ["spark_service_access", "spark_primary", "tcp", 9443, 9443, "EMR service access from the primary node"],
    ["trino_service_access", "trino_primary", "tcp", 9443, 9443, "EMR service access from the primary node"],

    ["mwaa", "mwaa", "-1", null, null, "MWAA components among themselves"],
  ]

  # Egress to another security group.
  sg_egress = [
    ["alb", "ingest_gateway", "tcp", local.p.ingest_gateway, local.p.ingest_gateway, "to gateway"],
    ["alb", "ingest_gateway", "tcp", local.p.ingest_gateway_admin, local.p.ingest_gateway_admin, "gateway health checks"],
    ["alb", "query_service", "tcp", local.p.query_service, local.p.query_service, "to query service"],
    ["alb", "query_service", "tcp", local.p.query_service_admin, local.p.query_service_admin, "query service health checks"],

    ["ingest_gateway", "msk", "tcp", 9094, 9094, "Kafka producer (TLS)"],
    ["ingest_gateway", "msk", "tcp", 11001, 11002, "broker exporters"],
    ["ingest_gateway", "rds", "tcp", 5432, 5432, "control plane"],
    ["ingest_gateway", "query_service", "tcp", local.p.query_service_admin, local.p.query_service_admin, "scrape query-service metrics"],

    ["query_service", "rds", "tcp", 5432, 5432, "control plane"],
    ["query_service", "trino_primary", "tcp", 8889, 8889, "Trino"],

    ["spark_service_access", "spark_primary", "tcp", 8443, 8443, "EMR service access"],
    ["spark_service_access", "spark_core", "tcp", 8443, 8443, "EMR service access"],
    ["trino_service_access", "trino_primary", "tcp", 8443, 8443, "EMR service access"],
    ["trino_service_access", "trino_core", "tcp", 8443, 8443, "EMR service access"],
  ]

  # Ingress from CIDRs.
  cidr_ingress = concat(
    [for pc in setproduct(var.listener_ports, var.alb_ingress_cidrs) : ["alb", pc[1], "tcp", pc[0], pc[0], "clients of the load balancer"]],
    [for cidr in var.analyst_cidrs : ["trino_primary", cidr, "tcp", 8889, 8889, "analysts' SQL clients"]],
    [["endpoints", var.vpc_cidr, "tcp", 443, 443, "AWS APIs from the VPC"]],
  )

  # Egress to CIDRs. 443 anywhere: ECR, Secrets Manager, CloudWatch (when not through endpoints),
  # and the notifier's Slack / PagerDuty / webhook targets.
  cidr_egress = concat(
    [
      ["ingest_gateway", "0.0.0.0/0", "tcp", 443, 443, "AWS APIs, image pulls"],
      ["query_service", "0.0.0.0/0", "tcp", 443, 443, "AWS APIs, image pulls, Slack, PagerDuty, webhooks, Airflow REST"],
      ["query_service", "0.0.0.0/0", "tcp", var.smtp_port, var.smtp_port, "notifier email (SMTP)"],
      # EMR nodes and MWAA need outbound access to AWS services and package repositories.
      ["spark_primary", "0.0.0.0/0", "-1", null, null, "EMR node egress"],
      ["spark_core", "0.0.0.0/0", "-1", null, null, "EMR node egress"],
      ["trino_primary", "0.0.0.0/0", "-1", null, null, "EMR node egress"],
      ["trino_core", "0.0.0.0/0", "-1", null, null, "EMR node egress"],
      ["mwaa", "0.0.0.0/0", "-1", null, null, "MWAA egress (AWS APIs, EMR)"],
    ],
    [for cidr in var.scrape_target_cidrs : ["ingest_gateway", cidr, "tcp", 1, 65535, "pull scraper targets"]],
  )
}

resource "aws_security_group" "this" {
  for_each = local.security_groups

  name        = "${var.name}-${replace(each.key, "_", "-")}"
  description = each.value
  vpc_id      = aws_vpc.this.id
  # EMR adds rules that reference other groups; without this, destroy hangs on them.
  revoke_rules_on_delete = contains(local.emr_groups, each.key)

  tags = merge(
    { Name = "${var.name}-${replace(each.key, "_", "-")}" },
    contains(local.emr_groups, each.key) ? local.emr_tag : {},
  )

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_group" {
  for_each = { for r in local.sg_ingress : "${r[0]}<-${r[1]}:${r[2]}:${coalesce(r[3], 0)}-${coalesce(r[4], 0)}" => r }

  security_group_id            = aws_security_group.this[each.value[0]].id
  referenced_security_group_id = aws_security_group.this[each.value[1]].id
  ip_protocol                  = each.value[2]
  from_port                    = each.value[3]
  to_port                      = each.value[4]
  description                  = each.value[5]
}

resource "aws_vpc_security_group_egress_rule" "to_group" {
  for_each = { for r in local.sg_egress : "${r[0]}->${r[1]}:${r[2]}:${coalesce(r[3], 0)}-${coalesce(r[4], 0)}" => r }

  security_group_id            = aws_security_group.this[each.value[0]].id
  referenced_security_group_id = aws_security_group.this[each.value[1]].id
  ip_protocol                  = each.value[2]
  from_port                    = each.value[3]
  to_port                      = each.value[4]
  description                  = each.value[5]
}

resource "aws_vpc_security_group_ingress_rule" "from_cidr" {
  for_each = { for r in local.cidr_ingress : "${r[0]}<-${r[1]}:${r[2]}:${coalesce(r[3], 0)}-${coalesce(r[4], 0)}" => r }

  security_group_id = aws_security_group.this[each.value[0]].id
  cidr_ipv4         = each.value[1]
  ip_protocol       = each.value[2]
  from_port         = each.value[3]
  to_port           = each.value[4]
  description       = each.value[5]
}

resource "aws_vpc_security_group_egress_rule" "to_cidr" {
  for_each = { for r in local.cidr_egress : "${r[0]}->${r[1]}:${r[2]}:${coalesce(r[3], 0)}-${coalesce(r[4], 0)}" => r }

  security_group_id = aws_security_group.this[each.value[0]].id
  cidr_ipv4         = each.value[1]
  ip_protocol       = each.value[2]
  from_port         = each.value[3]
  to_port           = each.value[4]
  description       = each.value[5]
}
