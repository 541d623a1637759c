[
  {
    "name": "app",
    "image": "${image}",
    "portMappings": [{ "containerPort": ${port} }]
  }
]
