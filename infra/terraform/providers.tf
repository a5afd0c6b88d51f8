provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(
      {
        Project     = var.project
        Environment = var.environment
        ManagedBy   = "terraform"
        Repository  = "metrics-lakehouse/infra/terraform"
      },
      var.extra_tags,
    )
  }
}
