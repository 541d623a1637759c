variable "image" {}
variable "name" {}

variable "command" {
  default = null
}

locals {
  # Lower-case "entrypoint": the AWS provider matches container-definition keys to the API's
  # names without regard to case.
  raw        = { name = var.name, image = var.image, command = var.command, entrypoint = ["sh", "-c"] }
  definition = { for k, v in local.raw : k => v if v != null }
}

output "definition" {
  value = local.definition
}
