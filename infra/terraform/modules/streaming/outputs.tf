output "cluster_arn" {
  description = "MSK cluster ARN."
  value       = aws_msk_cluster.this.arn
}

output "bootstrap_brokers_tls" {
  description = "TLS bootstrap servers (port 9094): KAFKA_BOOTSTRAP_SERVERS of the gateway."
  value       = aws_msk_cluster.this.bootstrap_brokers_tls
}

output "bootstrap_brokers_plaintext" {
  description = "Plaintext bootstrap servers (port 9092, inside the VPC; empty when client_broker is TLS): the speed layer's --kafka-bootstrap-servers."
  value       = aws_msk_cluster.this.bootstrap_brokers
}

output "configuration_arn" {
  description = "MSK configuration (broker defaults) ARN."
  value       = aws_msk_configuration.this.arn
}

output "topics" {
  description = "Topic specifications: partitions, replication factor, topic-level configs."
  value       = local.topics
}

output "topic_commands" {
  description = "kafka-topics.sh commands that create both topics with their settings."
  value       = local.topic_commands
}
