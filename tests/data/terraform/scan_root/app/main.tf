# Reads a template beside the module, inside the scanned root but outside this directory.
resource "aws_ecs_task_definition" "shared" {
  family                = "shared"
  container_definitions = file("${path.module}/../templates/containers.json")
}

# Reads a file outside the scanned root, which must stay unread.
resource "aws_ecs_task_definition" "escape" {
  family                = "escape"
  container_definitions = file("${path.module}/../../confine/outside/containers.json")
}
