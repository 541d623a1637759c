# The line numbers of this file's comments match main.tf's, but name another code.
locals {
  family = "other"
  # The comment below is on line 10, like the one in main.tf.
  unused = [
    "a",
    "b",
    "c",
    "d",
    "e", # ecslint: ignore[ECS601] nothing here
  ]
}
