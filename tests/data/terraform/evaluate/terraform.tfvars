registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
