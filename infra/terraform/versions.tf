terraform {
  # 1.11: write-only attributes (password_wo, secret_string_wo) and ephemeral input variables, so the
  # database password never lands in state or plan files.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100.0 is the version cached offline in /opt/tf-plugins (CI validates with it).
      version = "~> 5.100"
    }
  }
}
