# Each local is one case of tests/loaders/test_terraform_expressions.py; var.services is set
# by the test.
locals {
  created_map      = { for k, v in var.services : k => v.image if v.create }
  image_list       = [for k, v in var.services : v.image if k != "worker"]
  each_element     = [for item in ["a", "b"] : upper(item)]
  index_and_value  = [for i, item in ["a", "b"] : "${i}-${item}"]
  try_fallback     = try(var.services.web.port, 8080)
  try_first        = try(var.services.web.image, "none")
  coalesce_skip    = coalesce(null, "", "stable")
  lookup_default   = lookup({ http = 80 }, "https", 443)
  lookup_found     = lookup({ http = 80 }, "http", 443)
  distinct_flatten = distinct(flatten([["a", "b"], ["b", ["c"]]]))
  map_keys         = keys(var.services)
  map_values       = values({ b = 2, a = 1 })
  contains_key     = contains(keys(var.services), "web")
  contains_missing = contains(["a"], "z")
  length_map       = length(var.services)
  precedence       = 1 + 2 * 3 == 7 && !(2 > 3)
  or_short_circuit = true || var.unset
  and_unknown      = true && var.unset
  not_equal_null   = var.services != null
}
