# Per service: an execution role (what ECS does on the task's behalf: pull the image, write logs,
# read the database secret) and a task role (what the application itself calls).

data "aws_partition" "current" {}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "execution" {
  for_each = local.services

  statement {
    sid       = "EcrAuth"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # account-level call, no resource-level permission exists
  }

  statement {
    sid       = "EcrPull"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = var.ecr_repository_arns
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this[each.key].arn}:*"]
  }

  statement {
    sid       = "DatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.db_secret_arn]
  }

  # The secret and the images are encrypted with the data key.
  statement {
    sid       = "DataKey"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role" "execution" {
  for_each = local.services

  name_prefix        = "${substr(var.name, 0, 20)}-${each.value.short}-exec-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "execution" {
  for_each = local.services

  name   = "ecs-execution"
  role   = aws_iam_role.execution[each.key].id
  policy = data.aws_iam_policy_document.execution[each.key].json
}

# Task roles. The gateway calls no AWS API (MSK without IAM auth, PostgreSQL with a password):
# its role has no permissions at all. The query service triggers backfills through MWAA's REST
# API (InvokeRestApi as the Airflow "User" role of this one environment).
resource "aws_iam_role" "task" {
  for_each = local.services

  name_prefix        = "${substr(var.name, 0, 20)}-${each.value.short}-task-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "query_service_task" {
  statement {
    sid     = "TriggerBackfills"
    actions = ["airflow:InvokeRestApi", "airflow:CreateWebLoginToken"]
    resources = [
      # arn:aws:airflow:<region>:<account>:role/<environment>/<Airflow role>
      replace(var.airflow_environment_arn, ":environment/${var.airflow_environment_name}", ":role/${var.airflow_environment_name}/User"),
    ]
  }
}

resource "aws_iam_role_policy" "query_service_task" {
  name   = "trigger-backfills"
  role   = aws_iam_role.task["query_service"].id
  policy = data.aws_iam_policy_document.query_service_task.json
}
