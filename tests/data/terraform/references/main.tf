resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_secretsmanager_secret" "token" {
  name = "token"
}

resource "aws_ecs_task_definition" "encoded" {
  family = "encoded"
  container_definitions = jsonencode([
    {
      name    = "app"
      image   = "${aws_ecr_repository.app.repository_url}:1.2.0"
      secrets = [{ name = "TOKEN", valueFrom = aws_secretsmanager_secret.token.arn }]
    },
  ])
}

resource "aws_ecs_task_definition" "heredoc" {
  family                = "heredoc"
  container_definitions = <<EOT
[{"name": "app", "image": "${aws_ecr_repository.app.repository_url}"}]
EOT
}

module "task" {
  source = "./modules/task"
  image  = "${aws_ecr_repository.app.repository_url}:2.0.0"
  port   = 8080
}
