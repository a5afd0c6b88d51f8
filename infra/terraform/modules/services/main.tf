# The two Dropwizard services on ECS Fargate, each started with its own config/local.yml: the YAML
# reads its endpoints from environment variables (${VAR:-default}), and the task definitions set
# exactly those variables (README.md, "How the services' configuration maps to the outputs").
#
# What the YAML cannot take from the environment is passed as Dropwizard overrides (-Ddw.<path>)
# in JAVA_TOOL_OPTIONS: listening on the task's address instead of 127.0.0.1, and TLS to MSK.

locals {
  jvm = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
  # Listen on all interfaces of the task (awsvpc: only the task's ENI), not on 127.0.0.1.
  bind_all = "-Ddw.server.applicationConnectors[0].bindHost=0.0.0.0 -Ddw.server.adminConnectors[0].bindHost=0.0.0.0"

  db_secrets = [
    { name = "CONTROL_PLANE_DB_USER", valueFrom = "${var.db_secret_arn}:username::" },
    { name = "CONTROL_PLANE_DB_PASSWORD", valueFrom = "${var.db_secret_arn}:password::" },
  ]

  services = {
    ingest_gateway = {
      short         = "gw"
      image         = var.ingest_gateway_image
      command       = ["server", "config/local.yml"]
      port          = var.ports["ingest_gateway"]
      admin_port    = var.ports["ingest_gateway_admin"]
      cpu           = var.ingest_gateway_cpu
      memory        = var.ingest_gateway_memory
      desired_count = var.ingest_gateway_desired_count
      min_count     = var.ingest_gateway_min_count
      max_count     = var.ingest_gateway_max_count
      environment = {
        INGEST_GATEWAY_PORT       = tostring(var.ports["ingest_gateway"])
        INGEST_GATEWAY_ADMIN_PORT = tostring(var.ports["ingest_gateway_admin"])
        KAFKA_BOOTSTRAP_SERVERS   = var.kafka_bootstrap_servers_tls
        # The metric registry / cardinality limit (database section, being added to the YAML).
        CONTROL_PLANE_JDBC_URL = var.control_plane_jdbc_url
        # kafka.clientProperties has no variable in the YAML: security.protocol=SSL for MSK's TLS
        # listener goes in as an override (the escaped dot keeps "security.protocol" one key).
        JAVA_TOOL_OPTIONS = "${local.jvm} ${local.bind_all} -Ddw.kafka.clientProperties.security\\.protocol=SSL"
      }
      secrets = local.db_secrets
    }
    query_service = {
      short         = "qs"
      image         = var.query_service_image
      command       = ["server", "config/local.yml"]
      port          = var.ports["query_service"]
      admin_port    = var.ports["query_service_admin"]
      cpu           = var.query_service_cpu
      memory        = var.query_service_memory
      desired_count = var.query_service_desired_count
      min_count     = var.query_service_min_count
      max_count     = var.query_service_max_count
      environment = {
        QUERY_SERVICE_PORT       = tostring(var.ports["query_service"])
        QUERY_SERVICE_ADMIN_PORT = tostring(var.ports["query_service_admin"])
        TRINO_JDBC_URL           = var.trino_jdbc_url
        TRINO_USER               = "query-service"
        CONTROL_PLANE_JDBC_URL   = var.control_plane_jdbc_url
        # For the backfill trigger (query service -> Airflow REST), once it reads them.
        AIRFLOW_ENVIRONMENT_NAME = var.airflow_environment_name
        AIRFLOW_BASE_URL         = "https://${var.airflow_webserver_url}"
        AWS_REGION               = var.aws_region
        JAVA_TOOL_OPTIONS        = "${local.jvm} ${local.bind_all}"
      }
      secrets = local.db_secrets
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.services

  name              = "/ecs/${var.name}/${replace(each.key, "_", "-")}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.services

  family                   = "${var.name}-${replace(each.key, "_", "-")}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution[each.key].arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # The root file system is read-only; the JVM's temporary files go to this scratch volume.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name      = replace(each.key, "_", "-")
    image     = each.value.image
    essential = true
    command   = each.value.command
    portMappings = [
      { containerPort = each.value.port, protocol = "tcp", name = "app" },
      { containerPort = each.value.admin_port, protocol = "tcp", name = "admin" },
    ]
    environment            = [for k in sort(keys(each.value.environment)) : { name = k, value = each.value.environment[k] }]
    secrets                = each.value.secrets
    readonlyRootFilesystem = true
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    # Dropwizard drains on SIGTERM; the gateway closes its producer (closeTimeout 10 s).
    stopTimeout = 60
    ulimits     = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this[each.key].name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = replace(each.key, "_", "-")
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  for_each = local.services

  name                               = replace(each.key, "_", "-")
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this[each.key].arn
  desired_count                      = each.value.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  health_check_grace_period_seconds  = 90 # JVM start, Kafka/Trino/PostgreSQL connections
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"
  availability_zone_rebalancing      = "ENABLED"

  network_configuration {
    subnets          = var.task_subnet_ids
    security_groups  = [var.security_group_ids[each.key]]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this[each.key].arn
    container_name   = replace(each.key, "_", "-")
    container_port   = each.value.port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count] # auto scaling owns it after creation
  }

  depends_on = [aws_lb_listener.query, aws_lb_listener.ingest]
}

resource "aws_appautoscaling_target" "this" {
  for_each = local.services

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  min_capacity       = each.value.min_count
  max_capacity       = each.value.max_count
}

# CPU target tracking: the gateway is CPU-bound (decode, validate, encode, compress), the query
# service mostly waits on Trino but renders and merges results on CPU.
resource "aws_appautoscaling_policy" "cpu" {
  for_each = local.services

  name               = "${var.name}-${replace(each.key, "_", "-")}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    target_value       = 50 # headroom for a zone loss (a third of the tasks) and bursts
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
  }
}
