resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name      = "app"
      # ecslint: ignore[ECS302] the module's own comment
      image     = "public.ecr.aws/nginx/nginx:latest"
      essential = true
    },
  ])
}
