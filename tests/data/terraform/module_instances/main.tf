# Container definitions collected from module instances with for_each and count.
variable "services" {
  default = {
    web    = { image = "nginx:latest", create = true }
    worker = { image = "busybox:1.36", create = false }
  }
}

locals {
  created = { for k, v in var.services : k => v if v.create }
}

module "container" {
  source   = "./modules/container"
  for_each = local.created
  image    = each.value.image
  name     = each.key
}

module "sidecar" {
  source = "./modules/container"
  count  = 1
  image  = "public.ecr.aws/docker/library/redis:7.4"
  name   = "cache"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode(concat(
    [for k, v in module.container : v.definition],
    [for m in module.sidecar : m.definition],
  ))
}
