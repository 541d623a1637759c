variable "tag" {}

output "sidecar_image" {
  value = "public.ecr.aws/app/sidecar:${var.tag}"
}
