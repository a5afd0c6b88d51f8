# RDS PostgreSQL: the control plane (metric registry, alert rules and state, notification outbox,
# backfill requests) and the Iceberg JDBC catalog, in two databases of one server, exactly like the
# embedded default (databases "metrics" and "iceberg_catalog").
#
# The master password is write-only (password_wo / secret_string_wo): it goes to RDS and to one
# Secrets Manager secret and never into the Terraform state or a plan file. The services read it
# from the secret (ECS secrets), the EMR nodes at boot (bootstrap action).

locals {
  major_version = split(".", var.engine_version)[0]
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-pg${local.major_version}-"
  family      = "postgres${local.major_version}"
  description = "${var.name}: TLS only, slow-query logging"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # Log statements slower than 1 s (alert evaluations and catalog commits are expected in ms).
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  # A stuck transaction holds locks the evaluator and the catalog commits wait on.
  parameter {
    name  = "idle_in_transaction_session_timeout"
    value = "300000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = "${var.name}-pg"
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  db_name             = var.control_plane_database
  username            = var.master_username
  password_wo         = var.master_password
  password_wo_version = var.password_version
  port                = 5432

  allocated_storage     = var.allocated_storage_gib
  max_allocated_storage = var.max_storage_gib
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  multi_az               = var.multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  backup_retention_period   = 14
  backup_window             = "03:00-04:00"
  maintenance_window        = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.deletion_protection
  final_snapshot_identifier = "${var.name}-pg-final"

  auto_minor_version_upgrade      = true
  allow_major_version_upgrade     = false
  apply_immediately               = false
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = 7
}

# One secret with everything a client needs (RDS's own secret layout): the services take
# username/password through ECS secrets, the EMR bootstrap reads the whole JSON.
resource "aws_secretsmanager_secret" "db" {
  name_prefix             = "${var.name}/postgres-"
  description             = "${var.name}: PostgreSQL master credentials (control plane + Iceberg JDBC catalog)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string_wo = jsonencode({
    engine   = "postgres"
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    username = var.master_username
    password = var.master_password
    dbname   = var.control_plane_database
  })
  secret_string_wo_version = var.password_version
}
