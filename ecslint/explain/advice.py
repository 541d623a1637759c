"""Checks and fixes for each kind of stopped reason.

Each ``Advice`` names one failure with its kind, its cause number, how to confirm it, how to
fix it, and the ecslint rules that report the fault before deployment. Cause numbers 1 to 7
are the seven CannotPullContainerError causes, which are also the hundreds digit of the ECS1xx
to ECS7xx rules. Other start-up failures have no cause number (None). Placeholders in
commands are written in angle brackets, for example ``<cluster>``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

CAUSE_NAMES = {
    1: "IAM pull permissions",
    2: "network path to the registry",
    3: "image or tag does not exist",
    4: "architecture mismatch",
    5: "disk space or ephemeral storage",
    6: "Docker Hub rate limit",
    7: "missing S3 endpoint",
}


@dataclass(frozen=True)
class Advice:
    """Diagnosis of one kind of stopped reason."""

    kind: str
    cause: int | None
    summary: str
    confirm: str
    fix: str
    rules: tuple[str, ...] = ()


def variant(advice: Advice, **changes: object) -> Advice:
    """Return a copy of ``advice`` with some fields changed, for a narrower message."""
    return replace(advice, **changes)


_DESCRIBE_TASKS = (
    "aws ecs describe-tasks --cluster <cluster> --tasks <task-arn> "
    "--query 'tasks[].[stoppedReason,containers[].reason]'"
)

IAM_PULL_PERMISSIONS = Advice(
    kind="iam-pull-permissions",
    cause=1,
    summary="The role that pulls the image is not allowed to pull it from Amazon ECR.",
    confirm=(
        "Find the role that pulls: the task definition's executionRoleArn, or on the EC2 "
        "launch type without one, the container instance role. List its policies with "
        "`aws iam list-attached-role-policies --role-name <role>` and "
        "`aws iam list-role-policies --role-name <role>`, and check that they allow "
        "ecr:GetAuthorizationToken on * and ecr:BatchGetImage and ecr:GetDownloadUrlForLayer "
        "on the repository. Then run `aws ecr describe-repositories --repository-names "
        "<repository>` in the image's account and region: RepositoryNotFoundException means "
        "the repository does not exist (cause 3). For a repository in another account, "
        "`aws ecr get-repository-policy --repository-name <repository>` must allow the role."
    ),
    fix=(
        "Attach AmazonECSTaskExecutionRolePolicy to the task execution role, or "
        "AmazonEC2ContainerRegistryReadOnly to the container instance role on EC2 without "
        "an execution role. Make sure the execution role's trust policy allows "
        "ecs-tasks.amazonaws.com. For an image in another account, allow the role in that "
        "repository's policy. Then start new tasks, which pick up the changed role."
    ),
    rules=("ECS101", "ECS102", "ECS103", "ECS104", "ECS106"),
)

MISSING_EXECUTION_ROLE = Advice(
    kind="missing-execution-role",
    cause=1,
    summary="The task definition has no execution role, so ECS rejected it.",
    confirm=(
        "Run `aws ecs describe-task-definition --task-definition <family:revision> "
        "--query taskDefinition.executionRoleArn`: null means there is no execution role. "
        "This is a RegisterTaskDefinition error, so no task was started."
    ),
    fix=(
        "Create a role that ecs-tasks.amazonaws.com may assume, attach "
        "AmazonECSTaskExecutionRolePolicy to it, and set it as executionRoleArn. Fargate "
        "needs it to pull private ECR images and to send awslogs output, and every launch "
        "type needs it for container secrets and repositoryCredentials."
    ),
    rules=("ECS101", "ECS801", "ECS802"),
)

REGISTRY_CREDENTIALS = Advice(
    kind="registry-credentials",
    cause=1,
    summary="ECS could not use the private registry credentials (repositoryCredentials).",
    confirm=(
        "Read repositoryCredentials.credentialsParameter in the container definition. Run "
        "`aws secretsmanager describe-secret --secret-id <secret-arn>` in the task's region "
        "and check that the execution role allows secretsmanager:GetSecretValue on it, and "
        "kms:Decrypt when the secret uses a customer managed key. A timeout in the message "
        "points to the network path to Secrets Manager instead. When the registry answered "
        "unauthorized, check the user name and password stored in the secret."
    ),
    fix=(
        "Store the registry credentials as a Secrets Manager secret with username and "
        "password keys, reference it by ARN in credentialsParameter, allow the execution "
        "role secretsmanager:GetSecretValue on it (and kms:Decrypt on its key), and give "
        "tasks in isolated subnets a secretsmanager interface endpoint."
    ),
    rules=("ECS105", "ECS602", "ECS807"),
)

NETWORK_PATH = Advice(
    kind="network-path",
    cause=2,
    summary="The task could not connect to the registry.",
    confirm=(
        "Run `aws ecs describe-services --cluster <cluster> --services <service> --query "
        "'services[0].networkConfiguration'` for the subnets, security groups and "
        "assignPublicIp. For each subnet, `aws ec2 describe-route-tables --filters "
        "Name=association.subnet-id,Values=<subnet-id>` shows its 0.0.0.0/0 route (no "
        "result means the VPC's main route table applies): an internet gateway needs "
        "assignPublicIp ENABLED, a NAT gateway must sit in a public subnet, and with no "
        "default route the VPC needs ecr.api, ecr.dkr and S3 endpoints (`aws ec2 "
        "describe-vpc-endpoints --filters Name=vpc-id,Values=<vpc-id>`). Check that the "
        "security group allows outbound TCP 443 and the network ACL allows 443 out and ports "
        "1024-65535 back in. On the EC2 launch type, check the container instance's subnet "
        "and security groups instead of the task's."
    ),
    fix=(
        "Give the task one working path to the registry: in a public subnet set "
        "assignPublicIp to ENABLED; in a private subnet route 0.0.0.0/0 to a NAT gateway in "
        "a public subnet; or, without internet access, create ecr.api and ecr.dkr interface "
        "endpoints with private DNS and an S3 gateway endpoint on the subnets' route tables. "
        "Allow outbound TCP 443 from the task's security group and inbound TCP 443 on the "
        "endpoints' security group. Images from Docker Hub and other public registries need "
        "the internet path."
    ),
    rules=("ECS201", "ECS202", "ECS203", "ECS204", "ECS205", "ECS206", "ECS701"),
)

IMAGE_NOT_FOUND = Advice(
    kind="image-not-found",
    cause=3,
    summary="The registry has no image with this repository and tag.",
    confirm=(
        "Copy the image value from the task definition. For ECR run `aws ecr describe-images "
        "--repository-name <repository> --image-ids imageTag=<tag>` in the image's account "
        "and region: ImageNotFoundException or RepositoryNotFoundException confirms it, and "
        "image details mean the image exists, so check permissions or the network instead. "
        "For Docker Hub, run `docker manifest inspect <image>`."
    ),
    fix=(
        "Push the image under that tag, or point the task definition at a tag or digest that "
        "exists. Write ECR images with the full registry host "
        "(<account-id>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>), pin an immutable "
        "version tag or a digest instead of latest, and push the image before the task "
        "definition that uses it is deployed."
    ),
    rules=("ECS302", "ECS303", "ECS305", "ECS306", "ECS307", "ECS308"),
)

IMAGE_REFERENCE = Advice(
    kind="image-reference",
    cause=3,
    summary="The image reference in the task definition is malformed.",
    confirm=(
        "Print the images with `aws ecs describe-task-definition --task-definition "
        "<family:revision> --query 'taskDefinition.containerDefinitions[].image'` and look "
        "for an unresolved variable or placeholder, uppercase letters in the repository, a "
        "registry ID that is not 12 digits, or a digest without a repository name."
    ),
    fix=(
        "Write the image as [registry/]repository[:tag][@sha256:digest] with a lowercase "
        "repository, a tag of at most 128 characters, and a digest attached to its "
        "repository (repository@sha256:...). Resolve template variables before the task "
        "definition is registered."
    ),
    rules=("ECS301", "ECS304"),
)

ARCHITECTURE = Advice(
    kind="architecture",
    cause=4,
    summary="The image was built for a different CPU architecture or OS than the task runs on.",
    confirm=(
        "Run `docker buildx imagetools inspect <image>` and compare the platforms it lists "
        "with the task definition's runtimePlatform (cpuArchitecture defaults to X86_64 and "
        "operatingSystemFamily to LINUX) or with the container instances' architecture."
    ),
    fix=(
        "Build for the task's platform (`docker buildx build --platform linux/amd64 ...`) or "
        "push a multi-architecture image, or set runtimePlatform.cpuArchitecture to ARM64 "
        "for an arm64-only image. Run Windows images on Windows capacity."
    ),
    rules=("ECS401", "ECS402", "ECS403", "ECS404", "ECS405"),
)

DISK_SPACE = Advice(
    kind="disk-space",
    cause=5,
    summary="The disk ran out of space while the image was pulled and extracted.",
    confirm=(
        "On Fargate, compare the image size (`aws ecr describe-images --repository-name "
        "<repository> --image-ids imageTag=<tag> --query 'imageDetails[0].imageSizeInBytes'`, "
        "a compressed size) with ephemeralStorage.sizeInGiB, which is 20 GiB when absent. On "
        "EC2, run `df -h /var/lib/docker` and `du -sh /var/lib/docker/containers` on the "
        "container instance."
    ),
    fix=(
        "On Fargate, raise ephemeralStorage.sizeInGiB (21 to 200) or shrink the image with a "
        "multi-stage build and a .dockerignore file. On EC2, set max-size on json-file logs "
        "or use the awslogs driver, remove unused images, or enlarge the instance volume."
    ),
    rules=("ECS501", "ECS502", "ECS503"),
)

DOCKER_HUB_RATE_LIMIT = Advice(
    kind="docker-hub-rate-limit",
    cause=6,
    summary="Docker Hub refused the pull because the pull rate limit was reached.",
    confirm=(
        "Check that the image comes from Docker Hub (no registry host, or docker.io) and that "
        "the container definition has no repositoryCredentials. Tasks behind one NAT gateway "
        "share its public IP address, so they share one anonymous limit."
    ),
    fix=(
        "Create an ECR pull-through cache rule for Docker Hub and point the image at the "
        "cached ECR repository, or copy the image into your own ECR repository, or add "
        "repositoryCredentials with a Secrets Manager secret that holds Docker Hub "
        "credentials."
    ),
    rules=("ECS601", "ECS602"),
)

S3_ENDPOINT = Advice(
    kind="s3-endpoint",
    cause=7,
    summary="The image layers, which ECR serves from Amazon S3, could not be downloaded.",
    confirm=(
        "Run `aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=<vpc-id> --query "
        "'VpcEndpoints[].[ServiceName,VpcEndpointType,RouteTableIds]'` and check that "
        "com.amazonaws.<region>.s3 exists and, as a gateway endpoint, is associated with the "
        "route tables of the task's subnets. Its endpoint policy must allow s3:GetObject on "
        "arn:aws:s3:::prod-<region>-starport-layer-bucket/*, and the task's security group "
        "must allow outbound TCP 443 to the S3 prefix list."
    ),
    fix=(
        "Create an S3 gateway endpoint associated with the private subnets' route tables, or "
        "an S3 interface endpoint with private DNS. Allow the ECR layer bucket in its policy, "
        "and allow outbound TCP 443 to the S3 prefix list from the task's security group."
    ),
    rules=("ECS701", "ECS702", "ECS703", "ECS202"),
)

SECRETS_ACCESS = Advice(
    kind="secrets-access",
    cause=None,
    summary="The execution role is not allowed to read a secret or parameter.",
    confirm=(
        "The message names the secret or parameter. Run `aws iam simulate-principal-policy "
        "--policy-source-arn <execution-role-arn> --action-names "
        "secretsmanager:GetSecretValue --resource-arns <secret-arn>`, or with "
        "ssm:GetParameters for a Parameter Store parameter. A Secrets Manager ARN ends in a "
        "hyphen and six random characters, so a policy that names the secret without them "
        "matches nothing."
    ),
    fix=(
        "Allow secretsmanager:GetSecretValue or ssm:GetParameters on the secret or parameter "
        "in the execution role's policy, adding -* after a secret name given without its "
        "random suffix. A secret in another account needs a resource policy that allows the "
        "role, and its full ARN in valueFrom."
    ),
    rules=("ECS801", "ECS805"),
)

SECRET_NOT_FOUND = Advice(
    kind="secret-not-found",
    cause=None,
    summary="The secret or parameter named in valueFrom does not exist where ECS looked.",
    confirm=(
        "Run `aws secretsmanager describe-secret --secret-id <value-from>` or `aws ssm "
        "get-parameters --names <value-from>` with the task's account and region. "
        "ResourceNotFoundException, or the name listed under InvalidParameters, confirms it."
    ),
    fix=(
        "Create the secret or parameter in the task's account and region, or correct "
        "valueFrom. A parameter in another account can be read only by its full ARN and only "
        "when that account shares it."
    ),
)

SECRET_REFERENCE = Advice(
    kind="secret-reference",
    cause=None,
    summary="The secret reference in valueFrom does not fit the secret.",
    confirm=(
        "A Secrets Manager valueFrom has the form "
        "<secret-arn>:<json-key>:<version-stage>:<version-id>. A JSON key needs a secret "
        "value that is a JSON object with that key, and a version id must be the version's "
        "ID (32 to 64 characters). List the versions with `aws secretsmanager "
        "list-secret-version-ids --secret-id <secret-arn>`."
    ),
    fix=(
        "Leave out the fields you do not need (end the reference with :: to keep the "
        "defaults), store the secret as a JSON object with double-quoted keys when you select "
        "a JSON key, and give a version only by its version ID."
    ),
    rules=("ECS808",),
)

KMS_DECRYPT = Advice(
    kind="kms-decrypt",
    cause=None,
    summary="The execution role is not allowed to decrypt the secret's KMS key.",
    confirm=(
        "Run `aws secretsmanager describe-secret --secret-id <secret-arn> --query KmsKeyId`. "
        "A customer managed key needs kms:Decrypt for the execution role, both in the role's "
        "policy and in the key policy (`aws kms get-key-policy --key-id <key-id> "
        "--policy-name default`)."
    ),
    fix=(
        "Allow kms:Decrypt on the key's ARN in the execution role's policy, and make sure "
        "the key policy lets IAM policies in the account, or the role itself, use the key."
    ),
    rules=("ECS806",),
)

SECRETS_NETWORK = Advice(
    kind="secrets-network",
    cause=None,
    summary="The task could not connect to Secrets Manager or Systems Manager.",
    confirm=(
        "Check the task's path to secretsmanager.<region>.amazonaws.com or "
        "ssm.<region>.amazonaws.com: a NAT or internet route, or in isolated subnets a "
        "secretsmanager or ssm interface endpoint with private DNS (`aws ec2 "
        "describe-vpc-endpoints --filters Name=vpc-id,Values=<vpc-id>`). Check that the "
        "task's security group allows outbound TCP 443 and the endpoint's security group "
        "allows inbound TCP 443."
    ),
    fix=(
        "Add a secretsmanager (or ssm) interface endpoint with private DNS to the task's "
        "subnets, or route them through a NAT gateway, and allow TCP 443 between the task "
        "and the endpoint."
    ),
    rules=("ECS807", "ECS202", "ECS203", "ECS204"),
)

LOG_GROUP_MISSING = Advice(
    kind="log-group-missing",
    cause=None,
    summary="The awslogs log group does not exist.",
    confirm=(
        "Read the awslogs-group and awslogs-region options in the container's "
        "logConfiguration, then run `aws logs describe-log-groups --log-group-name-prefix "
        "<group> --region <region>`."
    ),
    fix=(
        "Create the log group in the awslogs-region, in the same stack and before the "
        "service, or set awslogs-create-group to true and allow logs:CreateLogGroup on the "
        "execution role."
    ),
)

LOG_GROUP_CREATE_PERMISSION = Advice(
    kind="log-group-create-permission",
    cause=None,
    summary="The role is not allowed to create the awslogs log group.",
    confirm=(
        "The task definition sets awslogs-create-group to true. Run `aws iam "
        "simulate-principal-policy --policy-source-arn <role-arn> --action-names "
        "logs:CreateLogGroup` for the execution role, or on the EC2 launch type without one, "
        "for the container instance role."
    ),
    fix=(
        "Allow logs:CreateLogGroup in the role's policy, because "
        "AmazonECSTaskExecutionRolePolicy does not grant it, or create the log group in the "
        "stack and remove awslogs-create-group."
    ),
    rules=("ECS804",),
)

LOGS_PERMISSIONS = Advice(
    kind="logs-permissions",
    cause=None,
    summary="The role is not allowed to write to the awslogs log group.",
    confirm=(
        "Run `aws iam simulate-principal-policy --policy-source-arn <role-arn> "
        "--action-names logs:CreateLogStream logs:PutLogEvents` for the execution role, or "
        "on the EC2 launch type without one, for the container instance role."
    ),
    fix=(
        "Attach AmazonECSTaskExecutionRolePolicy to the execution role, or allow "
        "logs:CreateLogStream and logs:PutLogEvents on the log group."
    ),
    rules=("ECS802", "ECS803"),
)

LOGS_NETWORK = Advice(
    kind="logs-network",
    cause=None,
    summary="The awslogs driver could not connect to CloudWatch Logs.",
    confirm=(
        "Check the task's path to logs.<region>.amazonaws.com: a NAT or internet route, or "
        "in isolated subnets a logs interface endpoint with private DNS (`aws ec2 "
        "describe-vpc-endpoints --filters Name=vpc-id,Values=<vpc-id>`), and security "
        "groups that allow TCP 443 between the task and the endpoint."
    ),
    fix=(
        "Add a logs interface endpoint with private DNS to the task's subnets, or route them "
        "through a NAT gateway, and allow TCP 443 between the task and the endpoint."
    ),
    rules=("ECS807", "ECS202", "ECS203", "ECS204"),
)

CREDENTIALS_ENDPOINT = Advice(
    kind="credentials-endpoint",
    cause=None,
    summary="The ECS credentials endpoint (169.254.170.2) did not answer on the container host.",
    confirm=(
        "This happens on the EC2 launch type. On the container instance, check that the ECS "
        "agent runs (`systemctl status ecs` on the ECS-optimized AMI) and that "
        "/etc/ecs/ecs.config enables task IAM roles (ECS_ENABLE_TASK_IAM_ROLE=true). A custom "
        "AMI must also route 169.254.170.2 to the agent, as ecs-init does on the "
        "ECS-optimized AMI."
    ),
    fix=(
        "Use the ECS-optimized AMI, or install and start ecs-init on the custom AMI so that "
        "the agent serves task credentials, then replace the container instances."
    ),
)

EFS = Advice(
    kind="efs",
    cause=None,
    summary="The EFS volume could not be mounted.",
    confirm=(
        "Read the volume's efsVolumeConfiguration. 'access denied by server' means the file "
        "system policy or the task role lacks elasticfilesystem:ClientMount (and ClientWrite "
        "for read-write mounts): `aws efs describe-file-system-policy --file-system-id "
        "<id>`. 'No such file or directory' means rootDirectory does not exist on the file "
        "system. A timeout means there is no mount target in the task's Availability Zone "
        "(`aws efs describe-mount-targets --file-system-id <id>`) or NFS (TCP 2049) is "
        "blocked between the task and the mount target."
    ),
    fix=(
        "Grant elasticfilesystem:ClientMount, and ClientWrite for read-write mounts, to the "
        "task role in its policy or in the file system policy. Mount through an access point "
        "whose root directory has creation info instead of a rootDirectory that does not "
        "exist. Allow TCP 2049 from the task's security group to the mount targets."
    ),
    rules=("ECS809", "ECS810"),
)

VOLUME = Advice(
    kind="volume",
    cause=None,
    summary="ECS could not create or fill a volume for the task.",
    confirm=(
        "Check the volumes and mount points with `aws ecs describe-task-definition "
        "--task-definition <family:revision> --query "
        "'taskDefinition.[volumes,containerDefinitions[].mountPoints]'`. When the message "
        "ends in a timeout, run the task once without the volume to see whether the image "
        "itself pulls."
    ),
    fix=(
        "ecslint knows no single fix for this message. If ECS was copying image content into "
        "the volume, mount the volume at a path that is empty in the image. If the task "
        "also fails without the volume, explain that stopped reason instead."
    ),
)

COMMAND = Advice(
    kind="command",
    cause=None,
    summary="The container's command or entry point cannot be run.",
    confirm=(
        "The message names the executable that was not found. Compare entryPoint and "
        "command in the task definition with the image, for example `docker run --rm "
        "--entrypoint sh <image> -c 'command -v <executable>'`. A name with spaces in it, "
        'such as "node index.js", shows that the whole command was given as one string.'
    ),
    fix=(
        "Give command and entryPoint as JSON arrays with one element per argument, such as "
        '["node", "index.js"], or wrap a shell line as ["sh", "-c", "..."], and check that '
        "the executable exists in the image. If a volume is mounted over the directory that "
        "holds the executable, mount it somewhere else."
    ),
    rules=("ECS006",),
)

CONTAINER_EXITED = Advice(
    kind="container-exited",
    cause=None,
    summary="An essential container exited, so ECS stopped the task.",
    confirm=(
        "Run `aws ecs describe-tasks --cluster <cluster> --tasks <task-arn> --query "
        "'tasks[].containers[].[name,exitCode,reason]'` and read each container's exit code "
        "and reason, then the container's log in CloudWatch Logs. 'exec format error' in "
        "the log means the image was built for another CPU architecture (cause 4)."
    ),
    fix=(
        "Fix what the container's log shows. Run `ecslint explain` on a container's reason "
        "or on the last error line of its log to get a specific cause."
    ),
)

PUBLIC_IP_LAUNCH_TYPE = Advice(
    kind="public-ip-launch-type",
    cause=None,
    summary="assignPublicIp is set for a launch type that cannot give tasks a public IP.",
    confirm=(
        "The CreateService, UpdateService or RunTask request sets "
        "networkConfiguration.awsvpcConfiguration.assignPublicIp to ENABLED for tasks on "
        "the EC2 launch type, whose network interfaces cannot get a public IP address."
    ),
    fix=(
        "Set assignPublicIp to DISABLED (or leave it out) for EC2 tasks and give them a path "
        "to the registry through a NAT gateway or VPC endpoints, or run the tasks on Fargate."
    ),
)

UNKNOWN = Advice(
    kind="unknown",
    cause=None,
    summary="ecslint does not recognise this stopped reason, so it names no cause.",
    confirm=(
        f"Run `{_DESCRIBE_TASKS}` and read the task's stoppedReason and each container's "
        "reason in full, because the console can shorten them. Explain the full text again."
    ),
    fix=(
        "No fix is suggested for an unrecognised message. Compare the text after the error "
        "name with the seven CannotPullContainerError causes: IAM pull permissions, network "
        "path to the registry, missing image or tag, architecture mismatch, disk space, "
        "Docker Hub rate limit and missing S3 endpoint."
    ),
)
