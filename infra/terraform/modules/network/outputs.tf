output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "VPC CIDR."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (NAT gateways; the load balancer when internet-facing)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone, in the order of availability_zones."
  value       = aws_subnet.private[*].id
}

output "security_group_ids" {
  description = "Security group id per component."
  value       = { for k, sg in aws_security_group.this : k => sg.id }
}

output "nat_public_ips" {
  description = "Public addresses of the NAT gateways (allow-list them at webhook receivers and SMTP relays)."
  value       = aws_eip.nat[*].public_ip
}
