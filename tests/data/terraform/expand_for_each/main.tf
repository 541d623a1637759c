# Interface endpoints that a module creates with for_each over a filtered local. The ECR
# endpoints carry a policy with only a Deny statement, so pulls through them are denied.
data "aws_iam_policy_document" "deny_other_vpcs" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpc"
      values   = ["vpc-0123456789abcdef0"]
    }
  }
}

module "endpoints" {
  source = "./modules/endpoints"
  endpoints = {
    ecr_api = { service = "ecr.api", policy = data.aws_iam_policy_document.deny_other_vpcs.json }
    ecr_dkr = { service = "ecr.dkr", policy = data.aws_iam_policy_document.deny_other_vpcs.json }
    logs    = { service = "logs", create = false }
    s3      = { service = "s3", service_type = "Gateway", dns_options = { dns_record_ip_type = "ipv4" } }
  }
}
