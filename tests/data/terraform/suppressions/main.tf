module "app" {
  source = "./modules/app"
}

resource "aws_ecs_task_definition" "root" {
  family = "root"
  container_definitions = jsonencode([
    {
      name      = "root"
      image     = "public.ecr.aws/nginx/nginx:latest" # ecslint: ignore[ECS302] pinned by digest later
      essential = true
    },
  ])
}
