variable "tag" {
  default = "1.0"
}

variable "registry" {}

variable "extra" {
  default = "unset"
}

locals {
  image = "${var.registry}/web:${var.tag}"
}

resource "aws_iam_role" "execution" {
  name = "execution"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web-${var.extra}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn # ecslint: ignore[ECS101] shared role
  runtime_platform {
    cpu_architecture = "ARM64"
  }
  container_definitions = jsonencode([
    merge({ name = "web", image = local.image }, { essential = true }),
    { name = "sidecar", image = module.app.sidecar_image },
  ])
}

resource "aws_ecs_task_definition" "counted" {
  count  = 2
  family = "counted-${count.index}"
  container_definitions = jsonencode([{ name = "c", image = format("busybox:%s", "1.${count.index}") }])
}

resource "aws_ecr_repository" "each" {
  for_each = toset(["api", "worker"])
  name     = each.key
}

module "app" {
  source = "./modules/app"
  tag    = var.tag
}
