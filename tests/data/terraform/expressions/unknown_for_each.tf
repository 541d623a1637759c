# for_each values that ecslint can and cannot compute; var.zones is set by the test.
data "aws_availability_zones" "all" {}

resource "aws_subnet" "from_data_source" {
  for_each          = toset(data.aws_availability_zones.all.names)
  availability_zone = each.value
}

resource "aws_subnet" "filtered_by_unknown" {
  for_each          = { for name, zone in var.zones : name => zone if zone.enabled }
  availability_zone = each.key
}

resource "aws_subnet" "from_set" {
  for_each          = toset(["b", "a", "b"])
  availability_zone = each.value
}

resource "aws_subnet" "none" {
  for_each          = {}
  availability_zone = each.value
}
