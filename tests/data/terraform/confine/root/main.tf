resource "aws_ecs_task_definition" "escape" {
  family                = "escape"
  container_definitions = file("${path.module}/../outside/containers.json")
}

resource "aws_ecs_task_definition" "template_escape" {
  family                = "template-escape"
  container_definitions = templatefile("../outside/containers.json", {})
}

resource "aws_ecs_task_definition" "inside" {
  family                = "inside"
  container_definitions = file("${path.module}/containers.json")
}
