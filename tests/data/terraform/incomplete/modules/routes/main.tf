variable "routes" {
  type = any
}

locals {
  routes = { for k, v in var.routes : k => v if try(v.create, true) }
}

resource "aws_route" "this" {
  for_each               = local.routes
  route_table_id         = each.value.route_table_id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = "igw-0123456789abcdef0"
}

resource "aws_ecr_repository" "this" {
  for_each = local.routes
  name     = each.key
}
