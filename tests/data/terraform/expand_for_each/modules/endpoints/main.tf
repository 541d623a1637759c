variable "endpoints" {
  type    = any
  default = {}
}

variable "create" {
  default = true
}

variable "region" {
  default = null
}

locals {
  endpoints = { for k, v in var.endpoints : k => v if var.create && try(v.create, true) }
}

data "aws_vpc_endpoint_service" "this" {
  for_each = { for k, v in local.endpoints : k => v if var.region == null }
  service  = try(each.value.service, null)
}

resource "aws_vpc_endpoint" "this" {
  for_each            = local.endpoints
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = try(each.value.service_endpoint, data.aws_vpc_endpoint_service.this[each.key].service_name)
  vpc_endpoint_type   = try(each.value.service_type, "Interface")
  private_dns_enabled = try(each.value.service_type, "Interface") == "Interface"
  policy              = try(each.value.policy, null)

  dynamic "dns_options" {
    for_each = try([each.value.dns_options], [])
    content {
      dns_record_ip_type = try(dns_options.value.dns_record_ip_type, null)
    }
  }
}
