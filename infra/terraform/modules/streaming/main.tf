# Amazon MSK (provisioned, KRaft) for the two topics of the product.
#
# The hashicorp/aws provider cannot create Kafka topics, so the topics' settings live here as
# data (local.topics): they are printed as ready-to-run kafka-topics.sh commands (output
# topic_commands) and in README.md. The broker defaults below make a topic created without them
# safe anyway: replication 3, min.insync.replicas 2, no automatic topic creation.

locals {
  day_ms = 24 * 60 * 60 * 1000

  topics = {
    (var.points_topic) = {
      partitions         = var.points_partitions
      replication_factor = 3
      config = {
        "min.insync.replicas" = "2" # acks=all survives one broker (one zone) down
        "retention.ms"        = tostring(7 * local.day_ms)
        # Tiered storage: the last hours on broker disks, the rest of the 7 days in MSK's
        # remote tier (a fraction of the EBS price); consumers read both transparently.
        "remote.storage.enable"          = "true"
        "local.retention.ms"             = tostring(var.points_local_retention_h * 60 * 60 * 1000)
        "cleanup.policy"                 = "delete"
        "compression.type"               = "producer" # the gateway compresses with lz4
        "max.message.bytes"              = tostring(8 * 1024 * 1024)
        "message.timestamp.type"         = "CreateTime"
        "unclean.leader.election.enable" = "false"
      }
    }
    (var.deadletter_topic) = {
      partitions         = var.deadletter_partitions
      replication_factor = 3
      config = {
        "min.insync.replicas"            = "2"
        "retention.ms"                   = tostring(14 * local.day_ms)
        "cleanup.policy"                 = "delete"
        "compression.type"               = "producer"
        "max.message.bytes"              = tostring(8 * 1024 * 1024)
        "unclean.leader.election.enable" = "false"
      }
    }
  }

  topic_commands = join("\n", concat(
    [
      "# Run from a host inside the VPC with the Kafka CLI (3.8+). TLS listener; the JVM's default trust store trusts MSK's certificates.",
      "printf 'security.protocol=SSL\\n' > client-tls.properties",
    ],
    [for topic, t in local.topics : join(" ", concat(
      [
        "kafka-topics.sh --bootstrap-server ${aws_msk_cluster.this.bootstrap_brokers_tls} --command-config client-tls.properties",
        "--create --if-not-exists --topic ${topic} --partitions ${t.partitions} --replication-factor ${t.replication_factor}",
      ],
      [for k, v in t.config : "--config ${k}=${v}"],
    ))],
  ))
}

resource "aws_msk_configuration" "this" {
  name           = "${var.name}-brokers"
  kafka_versions = [var.kafka_version]
  description    = "Broker defaults of ${var.name}: replication 3, min ISR 2, no auto-created topics, 8 MiB messages. Topics: ${var.points_topic} (${var.points_partitions} partitions, 7 days), ${var.deadletter_topic} (${var.deadletter_partitions} partitions, 14 days)."

  # Broker defaults (MSK takes plain properties, so the reasons are here):
  # - auto.create.topics.enable=false: topics are created explicitly (topic_commands); a typo in a
  #   topic name must fail, not create a one-partition topic;
  # - replication 3, min.insync.replicas 2, no unclean election: acks=all survives the loss of one
  #   broker or one zone and never loses an acknowledged point;
  # - num.partitions: only for topics created without an explicit count (the points topic has
  #   its own, see local.topics);
  # - 7 days retention like the embedded default (infra/local/stack LocalStack.topics);
  # - 8 MiB messages like the embedded default (the gateway caps records at 512 KiB).
  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    delete.topic.enable=true
    default.replication.factor=3
    min.insync.replicas=2
    unclean.leader.election.enable=false
    offsets.topic.replication.factor=3
    transaction.state.log.replication.factor=3
    transaction.state.log.min.isr=2
    num.partitions=6
    log.retention.hours=168
    message.max.bytes=8388608
    replica.fetch.max.bytes=8388608
    compression.type=producer
  PROPERTIES
}

resource "aws_cloudwatch_log_group" "broker" {
  name              = "/aws/msk/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.broker_count
  storage_mode           = "TIERED"
  enhanced_monitoring    = "PER_BROKER"

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [var.security_group_id]

    storage_info {
      ebs_storage_info {
        volume_size = var.broker_volume_gib
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = var.kms_key_arn

    encryption_in_transit {
      client_broker = var.client_broker
      in_cluster    = true
    }
  }

  # Inside the VPC, reachable only from the gateway's and the Spark cluster's security groups.
  # IAM or SASL/SCRAM client auth needs client support the services do not have yet (README).
  client_authentication {
    unauthenticated = true
  }

  # Meta-monitoring: the gateway's scraper reads the brokers' Prometheus exporters (11001/11002).
  open_monitoring {
    prometheus {
      jmx_exporter {
        enabled_in_broker = true
      }
      node_exporter {
        enabled_in_broker = true
      }
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.broker.name
      }
    }
  }

  lifecycle {
    # Storage auto scaling grows the volumes; do not shrink them back on the next apply.
    ignore_changes = [broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size]
  }
}

resource "aws_appautoscaling_target" "storage" {
  service_namespace  = "kafka"
  scalable_dimension = "kafka:broker-storage:VolumeSize"
  resource_id        = aws_msk_cluster.this.arn
  min_capacity       = 1
  max_capacity       = var.broker_volume_max_gib
}

resource "aws_appautoscaling_policy" "storage" {
  name               = "${var.name}-broker-storage"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.storage.service_namespace
  scalable_dimension = aws_appautoscaling_target.storage.scalable_dimension
  resource_id        = aws_appautoscaling_target.storage.resource_id

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "KafkaBrokerStorageUtilization"
    }
    target_value     = 60
    disable_scale_in = true # MSK volumes cannot shrink
  }
}
