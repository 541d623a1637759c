variable "image" {}

variable "port" {}

resource "aws_ecs_task_definition" "templated" {
  family = "templated"
  container_definitions = templatefile("${path.module}/containers.json.tpl", {
    image = var.image
    port  = var.port
  })
}
