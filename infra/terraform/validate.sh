#!/usr/bin/env bash
# Offline checks of infra/terraform, for CI and for humans:
#   1. terraform fmt -check -recursive
#   2. terraform init -backend=false -plugin-dir=/opt/tf-plugins   (the cached hashicorp/aws)
#   3. terraform validate
#   4. terraform plan -refresh=false with dummy credentials (no AWS call is made)
# Steps 2-4 run in a temporary copy with TF_DATA_DIR under /tmp: nothing is written to the
# repository. Without terraform, or without the plugin directory, the script says SKIPPED and
# exits 0 (it never passes silently); any failure exits non-zero.
#
# Environment: TF_PLUGIN_DIR (default /opt/tf-plugins), SKIP_PLAN=1 to stop after validate.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
plugin_dir=${TF_PLUGIN_DIR:-/opt/tf-plugins}

say() { echo "terraform-check: $*"; }

if ! command -v terraform >/dev/null 2>&1; then
  say "SKIPPED: terraform is not installed (fmt, validate and plan not run)"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/terraform-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TF_DATA_DIR="$work/data" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
# An empty CLI configuration: no credential helpers, mirrors or caches from the host's
# ~/.terraformrc can change what gets installed.
export TF_CLI_CONFIG_FILE="$work/terraformrc"
: >"$TF_CLI_CONFIG_FILE"

say "$(terraform version | head -n 1)"

# 1. Formatting (read-only: -check never rewrites files).
if ! terraform fmt -check -recursive -diff -no-color "$here"; then
  say "FAILED: terraform fmt -check (run: terraform fmt -recursive infra/terraform)"
  exit 1
fi
say "fmt -check: ok"

if [ ! -d "$plugin_dir" ]; then
  say "SKIPPED: $plugin_dir does not exist, so the hashicorp/aws provider cannot be installed offline (init, validate and plan not run)"
  exit 0
fi

# A copy without local state or working directories, so init writes nothing into the repository.
mkdir -p "$work/src"
tar -C "$here" --exclude=.terraform --exclude='*.tfstate*' --exclude=.terraform.lock.hcl \
  --exclude='*.tfvars' --exclude='*_override.tf' --exclude=override.tf -cf - . | tar -C "$work/src" -xf -
cd "$work/src"

# 2. Init against the cached provider only.
if ! terraform init -backend=false -plugin-dir="$plugin_dir" -input=false -no-color >"$work/init.log" 2>&1; then
  cat "$work/init.log"
  say "FAILED: terraform init -backend=false -plugin-dir=$plugin_dir"
  exit 1
fi
say "init (plugin dir $plugin_dir): ok ($(grep -oE 'hashicorp/aws v[0-9]+\.[0-9]+\.[0-9]+' "$work/init.log" | head -n 1))"

# 3. Validate.
if ! terraform validate -no-color; then
  say "FAILED: terraform validate"
  exit 1
fi
say "validate: ok"

if [ "${SKIP_PLAN:-0}" = "1" ]; then
  say "plan: SKIPPED (SKIP_PLAN=1)"
  exit 0
fi

# 4. Plan with dummy credentials. The provider override turns off every call the provider makes
# on its own (credential validation, account id lookup, instance metadata); with -refresh=false
# and an empty state nothing else is read, so the plan is computed entirely offline. The data
# sources used by the configuration (aws_iam_policy_document, aws_partition) are local.
cat >"$work/src/zz_offline_plan_override.tf" <<'EOF'
provider "aws" {
  access_key                  = "offline-dummy-access-key"
  secret_key                  = "offline-dummy-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  max_retries                 = 1
}
EOF
if ! env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ROLE_ARN -u AWS_WEB_IDENTITY_TOKEN_FILE \
  AWS_ACCESS_KEY_ID=offline-dummy-access-key AWS_SECRET_ACCESS_KEY=offline-dummy-secret-key \
  AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  TF_VAR_db_master_password=offline-plan-dummy-password \
  timeout 600 terraform plan -refresh=false -lock=false -input=false -no-color -out="$work/plan.out" \
  >"$work/plan.log" 2>&1; then
  # The errors, without the (long) list of planned resources that precedes them.
  sed -n '/^Error: /,$p' "$work/plan.log" | head -n 80
  say "FAILED: terraform plan -refresh=false (offline, dummy credentials)"
  exit 1
fi
summary=$(grep -E '^Plan: ' "$work/plan.log" || true)
if [ -z "$summary" ]; then
  cat "$work/plan.log"
  say "FAILED: terraform plan printed no 'Plan:' summary"
  exit 1
fi
say "plan -refresh=false (offline, dummy credentials): ok: $summary"
