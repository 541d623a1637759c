"""Cause 7 and start-up endpoints: the VPC endpoint set an isolated subnet needs, and policies.

A subnet without an internet path reaches ECR only through the `ecr.api` and `ecr.dkr`
interface endpoints plus an S3 endpoint for the image layers, and reaches Secrets Manager,
Systems Manager and CloudWatch Logs only through their own interface endpoints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecslint.iam import Decision, evaluate
from ecslint.model import Container, Model
from ecslint.model.network import VpcEndpoint
from ecslint.model.values import has_placeholder
from ecslint.network import SubnetPaths, analyse
from ecslint.network.endpoints import endpoint_region, find, is_interface, private_dns
from ecslint.network.groups import group_failures
from ecslint.network.routes import describe, route_table
from ecslint.network.status import Status, name
from ecslint.rules.base import Finding, Rule, Severity
from ecslint.rules.network_path import relying_on_endpoints, report_at_puller

_PULL_ACTIONS = ("ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
# A repository ARN whose parts are unknown: only a wildcard in a policy can be sure to match it.
_ANY_REPOSITORY = "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${Name}"
_POLICY_KEYS = ("PolicyDocument", "policy")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _policy_attribute(endpoint: VpcEndpoint) -> str | None:
    return next((key for key in _POLICY_KEYS if key in endpoint.positions), None)


class EcrEndpointPairIncomplete(Rule):
    """Only one of the `ecr.api` and `ecr.dkr` interface endpoints.

    ## What it does
    For a puller whose subnet has no internet path and whose image is in Amazon ECR, flags a
    VPC that has an `ecr.api` or an `ecr.dkr` interface endpoint but not the other.

    ## Why it fails the task
    The agent calls `ecr.api` for the authorization token and image metadata and `ecr.dkr` for
    the Docker registry API; a pull needs both. With one missing, the pull times out on the
    other with `CannotPullContainerError`.

    ## Example
    A VPC with `com.amazonaws.us-east-1.ecr.dkr` and no `com.amazonaws.us-east-1.ecr.api`.

    ## Use instead
    Create both interface endpoints, with private DNS, in the subnets of the tasks.

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    """

    code = "ECS701"
    name = "ecr-endpoint-pair-incomplete"
    cause = 7
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for paths, image_path in relying_on_endpoints(model):
            step = image_path.failure("ecr-pair-incomplete")
            if step is None or (id(step.node), id(paths.puller)) in seen:
                continue
            seen.add((id(step.node), id(paths.puller)))
            yield self.report(
                step.node,
                None,
                f"{paths.puller.label} → {describe(paths.subnet)}: no internet path, and "
                f"{step.reason}",
                "create both the ecr.api and the ecr.dkr interface endpoints with private DNS",
            )


class S3EndpointMissingForEcr(Rule):
    """ECR interface endpoints without an S3 endpoint for the image layers.

    ## What it does
    For a puller whose subnet has no internet path and whose image is in Amazon ECR, flags the
    subnet when the VPC has ECR interface endpoints but no S3 endpoint the subnet can use. A
    usable S3 endpoint is a gateway endpoint associated with the subnet's route table, or an S3
    interface endpoint with private DNS.

    ## Why it fails the task
    ECR serves image layers from S3 (the `prod-<region>-starport-layer-bucket` bucket). The
    manifest resolves through the ECR endpoints and the layer download then hangs:
    `CannotPullContainerError: ... context canceled` or `error pulling image configuration`.

    ## Example
    ```yaml
    EcrApiEndpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcEndpointType: Interface,
      ServiceName: !Sub "com.amazonaws.${AWS::Region}.ecr.api", PrivateDnsEnabled: true}}
    EcrDkrEndpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcEndpointType: Interface,
      ServiceName: !Sub "com.amazonaws.${AWS::Region}.ecr.dkr", PrivateDnsEnabled: true}}
    ```

    ## Use instead
    ```yaml
    S3Endpoint:
      Type: AWS::EC2::VPCEndpoint
      Properties:
        VpcId: !Ref Vpc
        VpcEndpointType: Gateway
        ServiceName: !Sub "com.amazonaws.${AWS::Region}.s3"
        RouteTableIds: [!Ref PrivateRouteTable]
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    """

    code = "ECS702"
    name = "s3-endpoint-missing-for-ecr"
    cause = 7
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for group in group_failures(analyse(model), self._failure):
            yield report_at_puller(
                self,
                group.first.puller,
                f"{group.path()}: no internet path, and {group.detail}",
                "add an S3 gateway endpoint (com.amazonaws.<region>.s3, type Gateway) associated "
                "with the subnet's route table",
            )

    @staticmethod
    def _failure(paths: SubnetPaths) -> str | None:
        if not paths.internet.broken:
            return None
        for image_path in paths.ecr_images():
            step = image_path.failure("no-s3-endpoint")
            if step is not None and not image_path.failure("no-ecr-endpoints"):
                return step.reason
        return None


class S3EndpointPolicyBlocksLayers(Rule):
    """S3 endpoint policy that does not allow the ECR layer bucket.

    ## What it does
    Finds the S3 endpoints an ECR pull uses: a gateway endpoint on the puller subnet's route
    table, or the S3 interface endpoint a subnet without internet relies on. It evaluates each
    endpoint policy for `s3:GetObject` on
    `arn:aws:s3:::prod-<region>-starport-layer-bucket/*` and flags a policy that denies it or
    allows it nowhere.

    ## Why it fails the task
    ECR stores image layers in that AWS-owned bucket. An endpoint policy limited to the
    account's own buckets blocks the layer download with `403 Forbidden`, and the task stops
    with `CannotPullContainerError`.

    ## Example
    ```yaml
    PolicyDocument:
      Statement:
        - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: arn:aws:s3:::my-bucket/*}
    ```

    ## Use instead
    ```yaml
        - {Effect: Allow, Principal: "*", Action: s3:GetObject,
           Resource: !Sub "arn:aws:s3:::prod-${AWS::Region}-starport-layer-bucket/*"}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
    - https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
    """

    code = "ECS703"
    name = "s3-endpoint-policy-blocks-layers"
    cause = 7
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[int] = set()
        for paths in analyse(model):
            for image_path in paths.ecr_images():
                for endpoint in _s3_endpoints_used(model, paths, image_path):
                    region = image_path.image.ecr_region or endpoint_region(endpoint)
                    if id(endpoint) in seen or region is None:
                        continue
                    bucket = f"arn:aws:s3:::prod-{region}-starport-layer-bucket/*"
                    decision = _decide(endpoint, "s3:GetObject", bucket)
                    if decision in (Decision.DENY, Decision.NOT_ALLOWED):
                        seen.add(id(endpoint))
                        yield self._finding(paths, endpoint, bucket, decision)

    def _finding(self, paths: SubnetPaths, endpoint: VpcEndpoint, bucket: str, decision) -> Finding:
        verb = "denies" if decision is Decision.DENY else "does not allow"
        return self.report(
            endpoint,
            _policy_attribute(endpoint),
            f"{paths.puller.label} → {describe(paths.subnet)} → endpoint {name(endpoint)}: the "
            f"endpoint policy {verb} s3:GetObject on {bucket}, where ECR keeps image layers",
            "allow s3:GetObject on arn:aws:s3:::prod-<region>-starport-layer-bucket/* in the "
            "S3 endpoint policy",
        )


def _decide(endpoint: VpcEndpoint, action: str, resource: str) -> Decision | None:
    """Evaluate the endpoint policy, or return None when it has none (full access)."""
    if endpoint.policy is None:
        return None
    return evaluate([endpoint.policy], action, resource)


def _s3_endpoints_used(model: Model, paths: SubnetPaths, image_path) -> list[VpcEndpoint]:
    """Return the S3 endpoints the pull uses from this subnet."""
    used = [e for e in image_path.endpoints if e.service == "s3"] if paths.internet.broken else []
    table, vpc = route_table(paths.subnet), paths.vpc
    if table is None or vpc is None:
        return used
    for gateway in find(model, vpc, "s3", image_path.image.ecr_region, interface=False).found:
        if any(candidate is table for candidate in gateway.route_tables) and gateway not in used:
            used.append(gateway)
    return used


class EcrEndpointPolicyDeniesPull(Rule):
    """ECR endpoint policy that denies the actions of an image pull.

    ## What it does
    Evaluates the policy of each `ecr.api` and `ecr.dkr` interface endpoint with private DNS
    for `ecr:GetAuthorizationToken`, `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer`. It
    flags a policy that denies one of them or allows it for no repository at all, such as a
    policy with only `Deny` statements.

    ## Why it fails the task
    With private DNS, every same-Region ECR request from the VPC goes through the endpoint,
    even from subnets with a NAT gateway. An endpoint policy without an `Allow` denies
    everything, so every pull fails with `CannotPullContainerError: ... AccessDenied`.

    ## Example
    ```json
    {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
      "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-0123456789abcdef0"}}}]}
    ```

    ## Use instead
    Add an `Allow` statement for the pull actions (or `*`) next to the `Deny`.

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-vpc-endpoint-policy
    - https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
    """

    code = "ECS704"
    name = "ecr-endpoint-policy-denies-pull"
    cause = 7
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for endpoint in model.vpc_endpoints:
            if endpoint.service not in ("ecr.api", "ecr.dkr") or not is_interface(endpoint):
                continue
            if endpoint.private_dns_enabled is not True or not isinstance(endpoint.policy, dict):
                continue
            denied = [action for action in _PULL_ACTIONS if self._blocks(endpoint, action)]
            if denied:
                yield self.report(
                    endpoint,
                    _policy_attribute(endpoint),
                    f"endpoint {name(endpoint)} ({endpoint.service}): the endpoint policy does "
                    f"not allow {', '.join(denied)}, so image pulls through it are denied",
                    "add an Allow statement for ecr:GetAuthorizationToken, ecr:BatchGetImage "
                    "and ecr:GetDownloadUrlForLayer to the endpoint policy",
                )

    @staticmethod
    def _blocks(endpoint: VpcEndpoint, action: str) -> bool:
        resource = "*" if action == "ecr:GetAuthorizationToken" else _ANY_REPOSITORY
        return _decide(endpoint, action, resource) in (Decision.DENY, Decision.NOT_ALLOWED)


def secret_service(value_from: object, model: Model | None = None) -> str | None:
    """Return "ssm" or "secretsmanager" for a secret's ``valueFrom``, or None when unknown.

    A ``valueFrom`` that refers to a secret or parameter of the same stack or configuration
    takes the kind of that resource, even when its ARN is not known before deployment.
    """
    if not isinstance(value_from, str) or not value_from:
        return None
    for resource in model.secrets if model is not None else ():
        arn = resource.arn
        if isinstance(arn, str) and arn and value_from.startswith(arn):
            return resource.kind if resource.kind in ("ssm", "secretsmanager") else None
    if value_from.startswith("arn:"):
        parts = value_from.split(":")
        service = parts[2] if len(parts) > 2 else ""
        return service if service in ("ssm", "secretsmanager") else None
    if has_placeholder(value_from) or _UUID.match(value_from):
        # NOTE: the Terraform loader puts a UUID in place of an unresolved reference.
        return None
    # ECS reads a bare name as a Systems Manager parameter in the task's Region.
    return "ssm"


def startup_needs(containers: list[Container], model: Model | None = None) -> dict[str, str] | None:
    """Return the endpoint services the containers need at start-up, each with its first user.

    None when a secret's source is unknown.
    """
    needs: dict[str, str] = {}
    for container in containers:
        if container.log_driver == "awslogs":
            needs.setdefault("logs", f"awslogs of container `{container.name}`")
        for secrets in (container.secrets, container.log_secret_options):
            for secret in secrets if isinstance(secrets, list) else []:
                service = secret_service(secret.value_from, model)
                if service is None:
                    return None
                needs.setdefault(service, f"secret `{secret.name}` of container `{container.name}`")
    return needs


class NoEndpointForSecretsOrLogs(Rule):
    """Isolated subnet without the endpoints for secrets or CloudWatch Logs.

    ## What it does
    For a puller whose subnet has no internet path, lists what the task needs before its
    containers start: Systems Manager (`ssm`) or Secrets Manager (`secretsmanager`) for
    `secrets`, CloudWatch Logs (`logs`) for the `awslogs` driver. It flags the subnet when the
    VPC has no interface endpoint with private DNS for one of them.

    ## Why it fails the task
    The agent fetches secrets and creates the log stream before starting the containers. In a
    subnet without internet access these calls time out: `ResourceInitializationError: unable
    to pull secrets or registry auth: ... There is a connection issue between the task and AWS
    Secrets Manager`.

    ## Example
    A Fargate service in a subnet without a default route, in a VPC with only the ECR and S3
    endpoints, whose container uses `secrets` from Secrets Manager.

    ## Use instead
    Create `com.amazonaws.<region>.secretsmanager` (and `ssm`, `logs` as used) interface
    endpoints with private DNS in the VPC.

    ## Known problems
    The `kms` endpoint that a secret encrypted with a customer managed key also needs is not
    checked.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html
    - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html
    """

    code = "ECS807"
    name = "no-endpoint-for-secrets-or-logs"
    cause = None
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for group in group_failures(analyse(model), lambda paths: self._missing(model, paths)):
            yield report_at_puller(
                self,
                group.first.puller,
                f"{group.path()}: no internet path, and {group.detail}",
                "create the missing interface endpoints (com.amazonaws.<region>.<service>) with "
                "private DNS in the VPC, or give the subnet a route to a NAT gateway",
            )

    @staticmethod
    def _missing(model: Model, paths: SubnetPaths) -> str | None:
        task, vpc = paths.puller.task, paths.vpc
        if not paths.internet.broken or task is None or vpc is None:
            return None
        needs = startup_needs(task.known_containers(), model)
        if not needs:
            return None
        missing = []
        for service, user in needs.items():
            lookup = find(model, vpc, service, None, interface=True)
            if lookup.uncertain:
                return None
            steps = [private_dns(endpoint, vpc).status for endpoint in lookup.found]
            if Status.OK in steps or Status.UNKNOWN in steps:
                continue
            missing.append(f"`{service}` ({user})")
        if not missing:
            return None
        return (
            f"VPC {name(vpc)} has no interface endpoint with private DNS for {', '.join(missing)}"
        )
