variable "name" {
  description = "Name prefix."
  type        = string
}

variable "aws_region" {
  description = "Region (for VPC endpoint service names)."
  type        = string
}

variable "vpc_cidr" {
  description = "VPC CIDR (a /16 is split into /20 subnets)."
  type        = string
}

variable "availability_zones" {
  description = "Zones: one public and one private subnet each."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones instead of one per zone."
  type        = bool
}

variable "enable_interface_endpoints" {
  description = "Create interface VPC endpoints for the AWS APIs the workloads call."
  type        = bool
}

variable "alb_ingress_cidrs" {
  description = "CIDRs allowed to reach the load balancer's listeners."
  type        = list(string)
}

variable "listener_ports" {
  description = "Listener ports of the load balancer."
  type        = list(number)
}

variable "service_ports" {
  description = "Ports of the services: ingest_gateway, ingest_gateway_admin, query_service, query_service_admin."
  type        = map(number)
}

variable "scrape_target_cidrs" {
  description = "CIDRs the gateway's scraper may reach on any TCP port."
  type        = list(string)
}

variable "smtp_port" {
  description = "Outbound SMTP port of the query service."
  type        = number
}

variable "analyst_cidrs" {
  description = "CIDRs allowed to reach the Trino coordinator directly."
  type        = list(string)
}
