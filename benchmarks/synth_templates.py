"""Render one synthetic Fargate service as a CloudFormation template or a Terraform file.

Both renderings describe the same resources: a VPC, one to three subnets with a route table
each, an internet gateway, a NAT gateway for private services, a security group, an
execution role, a task definition and a Fargate service. A public service gets a public IP
and a route to the internet gateway. A service without HTTPS egress is generated now and
then, so that the network rules have something to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SIZES = (("256", "512"), ("512", "1024"), ("1024", "2048"), ("2048", "4096"))
EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"


@dataclass(frozen=True)
class Stack:
    """The choices that vary between synthetic services."""

    name: str
    image: str
    public: bool
    subnets: int
    https_egress: bool
    cpu: str
    memory: str
    network: int


def random_stack(rng: random.Random, name: str, image: str) -> Stack:
    """Return a ``Stack`` with choices drawn from ``rng``."""
    cpu, memory = rng.choice(SIZES)
    return Stack(
        name=name,
        image=image,
        public=rng.random() < 0.3,
        subnets=rng.randint(1, 3),
        https_egress=rng.random() < 0.9,
        cpu=cpu,
        memory=memory,
        network=rng.randrange(0, 256),
    )


def cloudformation(stack: Stack) -> str:
    """Return the stack as a CloudFormation YAML template."""
    lines = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        f"Description: synthetic Fargate service {stack.name}",
        "Resources:",
        "  Vpc:",
        "    Type: AWS::EC2::VPC",
        "    Properties:",
        f"      CidrBlock: 10.{stack.network}.0.0/16",
        "      EnableDnsSupport: true",
        "      EnableDnsHostnames: true",
        "  Igw:",
        "    Type: AWS::EC2::InternetGateway",
        "  IgwAttachment:",
        "    Type: AWS::EC2::VPCGatewayAttachment",
        "    Properties:",
        "      VpcId: !Ref Vpc",
        "      InternetGatewayId: !Ref Igw",
    ]
    lines += _cfn_public_subnet(stack)
    for index in range(stack.subnets):
        lines += _cfn_service_subnet(stack, index)
    if not stack.public:
        lines += _cfn_nat()
    lines += _cfn_security_group(stack) + _cfn_role() + _cfn_task(stack) + _cfn_service(stack)
    return "\n".join(lines) + "\n"


def _cfn_public_subnet(stack: Stack) -> list[str]:
    return [
        "  PublicSubnet:",
        "    Type: AWS::EC2::Subnet",
        "    Properties:",
        "      VpcId: !Ref Vpc",
        f"      CidrBlock: 10.{stack.network}.100.0/24",
        "  PublicRouteTable:",
        "    Type: AWS::EC2::RouteTable",
        "    Properties:",
        "      VpcId: !Ref Vpc",
        "  PublicDefaultRoute:",
        "    Type: AWS::EC2::Route",
        "    DependsOn: IgwAttachment",
        "    Properties:",
        "      RouteTableId: !Ref PublicRouteTable",
        "      DestinationCidrBlock: 0.0.0.0/0",
        "      GatewayId: !Ref Igw",
        "  PublicSubnetRouteTable:",
        "    Type: AWS::EC2::SubnetRouteTableAssociation",
        "    Properties:",
        "      SubnetId: !Ref PublicSubnet",
        "      RouteTableId: !Ref PublicRouteTable",
    ]


def _cfn_service_subnet(stack: Stack, index: int) -> list[str]:
    """Return a subnet for the service. A public service uses the public route table."""
    table = "PublicRouteTable" if stack.public else f"ServiceRouteTable{index}"
    lines = [
        f"  ServiceSubnet{index}:",
        "    Type: AWS::EC2::Subnet",
        "    Properties:",
        "      VpcId: !Ref Vpc",
        f"      CidrBlock: 10.{stack.network}.{index}.0/24",
        f"  ServiceSubnetRouteTable{index}:",
        "    Type: AWS::EC2::SubnetRouteTableAssociation",
        "    Properties:",
        f"      SubnetId: !Ref ServiceSubnet{index}",
        f"      RouteTableId: !Ref {table}",
    ]
    if not stack.public:
        lines += [
            f"  ServiceRouteTable{index}:",
            "    Type: AWS::EC2::RouteTable",
            "    Properties:",
            "      VpcId: !Ref Vpc",
            f"  ServiceDefaultRoute{index}:",
            "    Type: AWS::EC2::Route",
            "    Properties:",
            f"      RouteTableId: !Ref ServiceRouteTable{index}",
            "      DestinationCidrBlock: 0.0.0.0/0",
            "      NatGatewayId: !Ref Nat",
        ]
    return lines


def _cfn_nat() -> list[str]:
    return [
        "  NatAddress:",
        "    Type: AWS::EC2::EIP",
        "    Properties:",
        "      Domain: vpc",
        "  Nat:",
        "    Type: AWS::EC2::NatGateway",
        "    Properties:",
        "      AllocationId: !GetAtt NatAddress.AllocationId",
        "      SubnetId: !Ref PublicSubnet",
    ]


def _cfn_security_group(stack: Stack) -> list[str]:
    port = 443 if stack.https_egress else 5432
    return [
        "  TaskSg:",
        "    Type: AWS::EC2::SecurityGroup",
        "    Properties:",
        f"      GroupDescription: {stack.name} tasks",
        "      VpcId: !Ref Vpc",
        "      SecurityGroupEgress:",
        "        - IpProtocol: tcp",
        f"          FromPort: {port}",
        f"          ToPort: {port}",
        "          CidrIp: 0.0.0.0/0",
    ]


def _cfn_role() -> list[str]:
    return [
        "  ExecutionRole:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument:",
        '        Version: "2012-10-17"',
        "        Statement:",
        "          - Effect: Allow",
        "            Principal: {Service: ecs-tasks.amazonaws.com}",
        "            Action: sts:AssumeRole",
        "      ManagedPolicyArns:",
        f"        - {EXECUTION_POLICY}",
    ]


def _cfn_task(stack: Stack) -> list[str]:
    return [
        "  Cluster:",
        "    Type: AWS::ECS::Cluster",
        "  TaskDefinition:",
        "    Type: AWS::ECS::TaskDefinition",
        "    Properties:",
        f"      Family: {stack.name}",
        "      RequiresCompatibilities: [FARGATE]",
        "      NetworkMode: awsvpc",
        f'      Cpu: "{stack.cpu}"',
        f'      Memory: "{stack.memory}"',
        "      ExecutionRoleArn: !GetAtt ExecutionRole.Arn",
        "      ContainerDefinitions:",
        f"        - Name: {stack.name}",
        f'          Image: "{stack.image}"',
        "          Essential: true",
    ]


def _cfn_service(stack: Stack) -> list[str]:
    subnets = ", ".join(f"!Ref ServiceSubnet{index}" for index in range(stack.subnets))
    return [
        "  Service:",
        "    Type: AWS::ECS::Service",
        "    Properties:",
        "      Cluster: !Ref Cluster",
        "      LaunchType: FARGATE",
        "      DesiredCount: 1",
        "      TaskDefinition: !Ref TaskDefinition",
        "      NetworkConfiguration:",
        "        AwsvpcConfiguration:",
        f"          AssignPublicIp: {'ENABLED' if stack.public else 'DISABLED'}",
        f"          Subnets: [{subnets}]",
        "          SecurityGroups: [!Ref TaskSg]",
    ]


def terraform(stack: Stack) -> str:
    """Return the stack as one Terraform file."""
    blocks = [_tf_network(stack), _tf_public(stack)]
    blocks += [_tf_service_subnet(stack, index) for index in range(stack.subnets)]
    if not stack.public:
        blocks.append(_tf_nat())
    blocks += [_tf_security_group(stack), _tf_role(), _tf_task(stack), _tf_service(stack)]
    return "\n".join(blocks)


def _tf_network(stack: Stack) -> str:
    return f"""resource "aws_vpc" "main" {{
  cidr_block           = "10.{stack.network}.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}}

resource "aws_internet_gateway" "igw" {{
  vpc_id = aws_vpc.main.id
}}
"""


def _tf_public(stack: Stack) -> str:
    return f"""resource "aws_subnet" "public" {{
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.{stack.network}.100.0/24"
}}

resource "aws_route_table" "public" {{
  vpc_id = aws_vpc.main.id
  route {{
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }}
}}

resource "aws_route_table_association" "public" {{
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}}
"""


def _tf_service_subnet(stack: Stack, index: int) -> str:
    """Return a subnet for the service. A public service uses the public route table."""
    table = "aws_route_table.public.id" if stack.public else f"aws_route_table.service_{index}.id"
    text = f"""resource "aws_subnet" "service_{index}" {{
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.{stack.network}.{index}.0/24"
}}

resource "aws_route_table_association" "service_{index}" {{
  subnet_id      = aws_subnet.service_{index}.id
  route_table_id = {table}
}}
"""
    if not stack.public:
        text += f"""
resource "aws_route_table" "service_{index}" {{
  vpc_id = aws_vpc.main.id
  route {{
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }}
}}
"""
    return text


def _tf_nat() -> str:
    return """resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}
"""


def _tf_security_group(stack: Stack) -> str:
    port = 443 if stack.https_egress else 5432
    return f"""resource "aws_security_group" "task" {{
  name   = "{stack.name}-tasks"
  vpc_id = aws_vpc.main.id
  egress {{
    from_port   = {port}
    to_port     = {port}
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
"""


def _tf_role() -> str:
    return f"""resource "aws_iam_role" "execution" {{
  name = "execution"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "ecs-tasks.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "execution" {{
  role       = aws_iam_role.execution.name
  policy_arn = "{EXECUTION_POLICY}"
}}
"""


def _tf_task(stack: Stack) -> str:
    return f"""resource "aws_ecs_cluster" "main" {{
  name = "{stack.name}"
}}

resource "aws_ecs_task_definition" "app" {{
  family                   = "{stack.name}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "{stack.cpu}"
  memory                   = "{stack.memory}"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{{
    name      = "{stack.name}"
    image     = "{stack.image}"
    essential = true
  }}])
}}
"""


def _tf_service(stack: Stack) -> str:
    subnets = ", ".join(f"aws_subnet.service_{index}.id" for index in range(stack.subnets))
    return f"""resource "aws_ecs_service" "app" {{
  name            = "{stack.name}"
  cluster         = aws_ecs_cluster.main.id
  launch_type     = "FARGATE"
  desired_count   = 1
  task_definition = aws_ecs_task_definition.app.arn
  network_configuration {{
    subnets          = [{subnets}]
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = {"true" if stack.public else "false"}
  }}
}}
"""
