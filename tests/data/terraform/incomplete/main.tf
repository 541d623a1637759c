# The module's routes depend on a value known only after apply, so their instances are unknown.
data "aws_vpc" "shared" {
  id = "vpc-0123456789abcdef0"
}

module "routes" {
  source = "./modules/routes"
  routes = {
    default = { route_table_id = data.aws_vpc.shared.main_route_table_id }
  }
}
