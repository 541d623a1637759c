module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

resource "aws_ecs_service" "api" {
  name        = "api"
  launch_type = "FARGATE"
  network_configuration {
    subnets = module.vpc.private_subnets
  }
}
