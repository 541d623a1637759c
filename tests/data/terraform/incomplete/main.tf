# The module's route goes to a route table read from a data source, so routes are incomplete.
data "aws_vpc" "shared" {
  id = "vpc-0123456789abcdef0"
}

module "routes" {
  source = "./modules/routes"
  routes = {
    default = { route_table_id = data.aws_vpc.shared.main_route_table_id }
  }
}

# A task definition, so that the configuration has something the rules check.
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "public.ecr.aws/nginx/nginx:1.27"
  }])
}
