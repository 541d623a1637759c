"""Cause 2: no network path from the task, or its container instance, to the registry.

Every rule here reads the path analysis of ``ecslint.network`` and reports only steps that are
known to fail, so an unknown subnet, route, group or rule keeps it silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from ecslint.model import Model
from ecslint.model.network import Vpc, VpcEndpoint
from ecslint.network import EndpointPath, SubnetPaths, analyse, firewall
from ecslint.network.groups import group_failures
from ecslint.network.nacl import acl_path
from ecslint.network.paths import subnet_paths
from ecslint.network.pullers import Puller, pullers
from ecslint.network.routes import describe
from ecslint.network.status import Status, name
from ecslint.rules.base import Finding, Rule, Severity

# Internet-path failures ECS201 reports; a NAT gateway without internet is ECS206's.
_ROUTE_FAILURES = ("no-default-route", "no-public-ip")
# Endpoint-path failures ECS201 reports; an incomplete endpoint set is ECS701's and ECS702's.
_NO_ENDPOINTS = ("not-ecr", "no-ecr-endpoints")


# The attribute name of a service's public-IP setting in each input format.
_PUBLIC_IP_KEYS = ("AssignPublicIp", "assign_public_ip", "assignPublicIp")


def report_at_puller(
    rule: Rule, puller: Puller, message: str, fix: str, public_ip: bool = False
) -> Finding:
    """Report at the puller's placement, or at its public-IP setting when that is the fault."""
    node = puller.where()
    attribute = puller.attribute()
    if public_ip:
        attribute = next((key for key in _PUBLIC_IP_KEYS if key in node.positions), attribute)
    return rule.report(node, attribute, message, fix, resource=node.name)


def failing_image(paths: SubnetPaths, kinds: tuple[str, ...]) -> str | None:
    """Return the reason an image's endpoint path fails with one of ``kinds``, or None."""
    for image_path in paths.images:
        result = image_path.result
        if result.broken and result.kind in kinds:
            return result.reason
    return None


def _public_ip_fix(puller: Puller) -> str:
    if puller.node is not None:
        return "give the instances a public IP (AssociatePublicIpAddress)"
    return "set assignPublicIp to ENABLED"


class NoNetworkPathToRegistry(Rule):
    """No route from the task's subnet to its image registry.

    ## What it does
    Follows each subnet a service pulls from: the task's subnets on Fargate and EXTERNAL, the
    container instances' subnets (Auto Scaling group) on EC2. It flags a subnet where both ways
    to the registry are known to fail. Path (a), the internet, needs a default route
    (0.0.0.0/0) to an internet gateway and a public IP, or to a NAT gateway. Path (b), VPC
    endpoints, serves only images in Amazon ECR and needs the `ecr.api` and `ecr.dkr` interface
    endpoints. Docker Hub and other public registries have only path (a). When an image is not
    known (a parameter or variable without default), the subnet is flagged only when the VPC
    has no ECR endpoint at all, because then no registry is reachable.

    ## Why it fails the task
    Without a public IP, traffic sent to an internet gateway is dropped; without a default
    route, nothing leaves the VPC. The pull times out: `CannotPullContainerError: ... request
    canceled while waiting for connection`, or on Fargate platform 1.4 `ResourceInitializationError:
    ... There is a connection issue between the task and Amazon ECR`.

    ## Example
    ```yaml
    Service:
      Type: AWS::ECS::Service
      Properties:
        LaunchType: FARGATE
        NetworkConfiguration:
          AwsvpcConfiguration:
            AssignPublicIp: DISABLED     # in a subnet routed to an internet gateway
            Subnets: [!Ref PublicSubnetA]
    ```

    ## Use instead
    Set `AssignPublicIp: ENABLED`, place the tasks in private subnets whose default route goes
    to a NAT gateway, or add `ecr.api` and `ecr.dkr` interface endpoints with private DNS and an
    S3 gateway endpoint on the subnets' route table.

    ## Known problems
    Routes to a transit gateway, an instance or a peering connection may reach the internet
    elsewhere, so they keep the rule silent.

    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    """

    code = "ECS201"
    name = "no-network-path-to-registry"
    cause = 2
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        for group in group_failures(analyse(model), self._failure):
            puller = group.first.puller
            yield report_at_puller(
                self,
                puller,
                f"{group.path()}: {group.detail}",
                f"{_public_ip_fix(puller)}, route the subnet's default route to a NAT gateway, or "
                "add ecr.api and ecr.dkr interface endpoints with private DNS and an S3 gateway "
                "endpoint (ECR images only)",
                public_ip=group.first.internet.kind == "no-public-ip",
            )

    @staticmethod
    def _failure(paths: SubnetPaths) -> str | None:
        internet = paths.internet
        if not internet.broken or internet.kind not in _ROUTE_FAILURES:
            return None
        endpoints = failing_image(paths, _NO_ENDPOINTS)
        if endpoints is None and paths.any_image is not None and paths.any_image.broken:
            endpoints = paths.any_image.reason
        return f"{internet.reason}, and {endpoints}" if endpoints else None


class NatGatewayWithoutInternetRoute(Rule):
    """NAT gateway that has no route to the internet.

    ## What it does
    Flags a NAT gateway that a puller subnet's default route goes to, when no VPC endpoint path
    serves the images either. The NAT gateway is flagged when its own subnet has no default
    route to an internet gateway, or when it is private (`ConnectivityType: private`).

    ## Why it fails the task
    A public NAT gateway forwards traffic to the internet gateway of its own subnet's route
    table. Without that route, and always for a private NAT gateway, the pull never reaches
    the registry and times out with `CannotPullContainerError`.

    ## Example
    ```yaml
    NatGateway:
      Type: AWS::EC2::NatGateway
      Properties:
        SubnetId: !Ref PrivateSubnetB   # a subnet without a route to the internet gateway
    ```

    ## Use instead
    Put the NAT gateway in a public subnet whose route table sends 0.0.0.0/0 to the internet
    gateway.

    ## References
    - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    """

    code = "ECS206"
    name = "nat-gateway-without-internet-route"
    cause = 2
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for paths in analyse(model):
            internet = paths.internet
            if not internet.broken or internet.kind != "nat-without-internet":
                continue
            if not any(image.result.broken for image in paths.images):
                continue
            key = (id(internet.node), id(paths.puller))
            if key in seen:
                continue
            seen.add(key)
            yield self.report(
                internet.node,
                None,
                f"{paths.puller.label} → {describe(paths.subnet)}: {internet.reason}",
                "place the NAT gateway in a public subnet whose route table sends 0.0.0.0/0 to an "
                "internet gateway (and use connectivity type public)",
            )


class SecurityGroupBlocksHttpsEgress(Rule):
    """Security group of the puller allows no outbound HTTPS to the registry.

    ## What it does
    Reads the egress rules of the security groups that pull: the task's on Fargate and
    EXTERNAL, the container instances' launch template groups on EC2. It flags them when no
    rule allows TCP 443 to where the pull goes. That is 0.0.0.0/0 for the internet path, and
    for the endpoint path the interface endpoints (their security groups, subnets or the VPC
    CIDR) and the S3 prefix list. When the subnets are unknown, it flags only groups that allow
    TCP 443 to no destination at all. A CloudFormation security group without
    `SecurityGroupEgress` keeps the default allow-all rule. A Terraform `aws_security_group`
    without `egress` blocks has no egress. A service with no security groups uses the VPC's
    default group.

    ## Why it fails the task
    Writing any egress rule replaces the default allow-all rule, so a group opened only to a
    database port blocks the registry, Secrets Manager and CloudWatch Logs. The task stops
    with `ResourceInitializationError: unable to pull secrets or registry auth: ... context
    deadline exceeded` or `CannotPullContainerError`.

    ## Example
    ```yaml
    TaskSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        SecurityGroupEgress:
          - {IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIp: 10.0.0.0/16}
    ```

    ## Use instead
    ```yaml
        SecurityGroupEgress:
          - {IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIp: 10.0.0.0/16}
          - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
    ```

    ## Known problems
    Rules to a prefix list or an IPv6 block count as unknown, so they keep the rule silent.

    ## References
    - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
    """

    code = "ECS202"
    name = "security-group-blocks-https-egress"
    cause = 2
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[tuple] = set()
        for puller in pullers(model):
            found = self._check_puller(puller, subnet_paths(model, puller))
            if found is None:
                continue
            groups, destinations = found
            key = (tuple(id(group) for group in groups), destinations)
            if key not in seen:
                seen.add(key)
                yield self._finding(puller, groups, destinations)

    def _check_puller(self, puller: Puller, paths: list[SubnetPaths]) -> tuple | None:
        """Return the groups and the destinations they block, or None when not known to."""
        if not puller.known_subnets():
            groups = firewall.effective_groups(puller.security_groups, None)
            if not groups or firewall.any_https_egress(groups) is not Status.BROKEN:
                return None
            return groups, "any destination"
        vpc = paths[0].vpc if paths else None
        groups = firewall.effective_groups(puller.security_groups, vpc)
        if not groups:
            return None
        # Tasks placed in any subnet whose every open path is blocked fail to pull.
        failing = [text for path in paths if (text := blocked_destinations(path, groups))]
        if failing:
            return groups, failing[0]
        # A subnet from outside the template has unknown paths, but every path needs TCP 443.
        if firewall.any_https_egress(groups) is Status.BROKEN:
            return groups, "any destination"
        return None

    def _finding(self, puller: Puller, groups: list, destinations: str) -> Finding:
        group = groups[0]
        attribute = next(
            (key for key in ("SecurityGroupEgress", "egress") if key in group.positions), None
        )
        names = ", ".join(name(group) for group in groups)
        noun = "security groups" if len(groups) > 1 else "security group"
        return self.report(
            group,
            attribute,
            f"{puller.label} → {noun} {names}: egress allows no TCP 443 to {destinations}, "
            "so the image pull cannot reach the registry",
            "add an egress rule for TCP 443 to 0.0.0.0/0, or to the VPC endpoints' security "
            "groups and the S3 prefix list when pulling through endpoints",
        )


def blocked_destinations(paths: SubnetPaths, groups: list) -> str | None:
    """Return the destinations ``groups`` block when they block every open path, else None."""
    if paths.puller.images is None:
        # An unknown image may be served by a path this puller is not known to use.
        return None
    vpc = paths.vpc
    options: list[tuple[Status, str]] = []
    if not paths.internet.broken:
        status = firewall.egress_to(groups, firewall.INTERNET, vpc)
        options.append((status, "0.0.0.0/0"))
    for image_path in paths.ecr_images():
        if image_path.result.broken:
            continue
        status, text = _endpoint_egress(image_path.endpoints, groups, vpc)
        options.append((status, text))
    if not options or any(status is not Status.BROKEN for status, _ in options):
        return None
    return " or ".join(dict.fromkeys(text for _, text in options))


def _endpoint_egress(endpoints: list, groups: list, vpc: Vpc | None) -> tuple[Status, str]:
    """Return whether egress to the endpoints is blocked, and the endpoints it blocks."""
    statuses, blocked = [], []
    for endpoint in endpoints:
        interface = str(endpoint.endpoint_type).lower() == "interface"
        destination = endpoint if interface else firewall.S3_GATEWAY
        status = firewall.egress_to(groups, destination, vpc)
        statuses.append(status)
        if status is Status.BROKEN:
            blocked.append(name(endpoint))
    noun = "endpoint" if len(blocked) == 1 else "endpoints"
    return firewall.worst(statuses), f"the {noun} " + ", ".join(blocked)


class NetworkAclBlocksHttps(Rule):
    """Network ACL on the puller's subnet blocks HTTPS or its replies.

    ## What it does
    Evaluates the network ACL associated with each subnet a service pulls from, in rule-number
    order with the first matching entry deciding and the final `*` entry denying. It flags the
    ACL when TCP 443 to 0.0.0.0/0 is denied outbound, or when inbound TCP 1024-65535, where the
    replies arrive, is denied. Entries for narrower CIDR blocks keep the rule silent when they
    come first, because they may or may not cover the registry's addresses.

    ## Why it fails the task
    Network ACLs are stateless: the replies to the puller's HTTPS connections are checked as
    new inbound traffic on its ephemeral ports. When they are dropped, the pull times out with
    `CannotPullContainerError: ... request canceled while waiting for connection`.

    ## Example
    ```yaml
    InboundHttps:
      Type: AWS::EC2::NetworkAclEntry
      Properties: {NetworkAclId: !Ref AppNacl, RuleNumber: 100, Protocol: 6, RuleAction: allow,
                   Egress: false, CidrBlock: 0.0.0.0/0, PortRange: {From: 443, To: 443}}
    ```

    ## Use instead
    Add an inbound entry allowing TCP 1024-65535 from 0.0.0.0/0, and an outbound entry allowing
    TCP 443.

    ## Known problems
    Traffic to an interface endpoint in the puller's own subnet does not pass the ACL; the rule
    does not model that case.

    ## References
    - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    - https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
    """

    code = "ECS205"
    name = "network-acl-blocks-https"
    cause = 2
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for puller in pullers(model):
            for subnet in puller.known_subnets():
                step = acl_path(subnet)
                if not step.broken or (id(puller), id(step.node)) in seen:
                    continue
                seen.add((id(puller), id(step.node)))
                yield self.report(
                    step.node,
                    None,
                    f"{puller.label} → subnet {name(subnet)}: {step.reason}",
                    "allow outbound TCP 443 and inbound TCP 1024-65535 in the network ACL",
                )


def relying_on_endpoints(model: Model) -> Iterator[tuple[SubnetPaths, EndpointPath]]:
    """Yield each ECR image path of a subnet whose internet path is known to fail."""
    for paths in analyse(model):
        if not paths.internet.broken:
            continue
        for image_path in paths.ecr_images():
            yield paths, image_path


class EndpointBlocksHttpsIngress(Rule):
    """Interface endpoint's security groups block HTTPS from the puller.

    ## What it does
    For a puller whose subnet has no internet path, so that the pull goes through the `ecr.api`
    and `ecr.dkr` (and S3 interface) endpoints, reads the ingress rules of each endpoint's
    security groups. It flags an endpoint when no rule allows TCP 443 from the puller's
    security groups or from a CIDR block that holds the puller's subnet.

    ## Why it fails the task
    An interface endpoint is a network interface in the VPC, guarded by its security groups.
    Without an inbound HTTPS rule the connection to the registry times out: `CannotPullContainerError:
    ... There is a connection issue between the task and Amazon ECR`.

    ## Example
    ```yaml
    EndpointSg:
      Type: AWS::EC2::SecurityGroup
      Properties:
        SecurityGroupIngress:
          - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.9.0.0/16}   # not the VPC
    ```

    ## Use instead
    ```yaml
        SecurityGroupIngress:
          - {IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref TaskSg}
    ```

    ## Known problems
    An endpoint without security groups uses the VPC's default group, so the rule stays silent
    for it unless the model contains that group.

    ## References
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    - https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html
    """

    code = "ECS203"
    name = "endpoint-blocks-https-ingress"
    cause = 2
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for paths, image_path in relying_on_endpoints(model):
            groups = firewall.effective_groups(paths.puller.security_groups, paths.vpc)
            if not groups or image_path.failure("no-ecr-endpoints", "ecr-pair-incomplete"):
                continue
            for endpoint in image_path.endpoints:
                if str(endpoint.endpoint_type).lower() != "interface":
                    continue
                if (id(endpoint), id(paths.puller)) in seen:
                    continue
                if firewall.ingress_from(endpoint, groups, paths.subnet) is Status.BROKEN:
                    seen.add((id(endpoint), id(paths.puller)))
                    yield self._finding(paths, endpoint, groups)

    def _finding(self, paths: SubnetPaths, endpoint: VpcEndpoint, groups: list) -> Finding:
        sources = ", ".join(name(group) for group in groups)
        return self.report(
            endpoint,
            "SecurityGroupIds" if "SecurityGroupIds" in endpoint.positions else None,
            f"{paths.puller.label} → {describe(paths.subnet)} → endpoint {name(endpoint)}: its "
            f"security groups allow no TCP 443 in from security groups {sources} or from "
            f"subnet {name(paths.subnet)}",
            "allow inbound TCP 443 on the endpoint's security group from the puller's security "
            "group or from the VPC CIDR",
        )


class EndpointPrivateDnsDisabled(Rule):
    """ECR or S3 interface endpoint without private DNS where the pull needs it.

    ## What it does
    For a puller whose subnet has no internet path, flags the `ecr.api`, `ecr.dkr` or S3
    interface endpoint the pull needs when its private DNS is off. Private DNS is off unless
    `PrivateDnsEnabled` or `private_dns_enabled` is set. It also flags a VPC with
    `enableDnsSupport` or `enableDnsHostnames` false, and DNS hostnames are off unless set.

    ## Why it fails the task
    The ECS agent connects to the registry's public host names. Only private DNS makes them
    resolve to the endpoint. Otherwise they resolve to public addresses that an isolated
    subnet cannot reach, and the pull times out.

    ## Example
    ```yaml
    EcrDkrEndpoint:
      Type: AWS::EC2::VPCEndpoint
      Properties:
        VpcEndpointType: Interface
        ServiceName: !Sub com.amazonaws.${AWS::Region}.ecr.dkr
    ```

    ## Use instead
    Add `PrivateDnsEnabled: true`, and set `EnableDnsHostnames: true` and
    `EnableDnsSupport: true` on the VPC.

    ## References
    - https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
    - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html
    - https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    """

    code = "ECS204"
    name = "endpoint-private-dns-disabled"
    cause = 2
    severity = Severity.ERROR

    def check(self, model: Model) -> Iterator[Finding]:
        seen: set[int] = set()
        for paths, image_path in relying_on_endpoints(model):
            for step in image_path.steps:
                if step.kind not in ("private-dns-off", "vpc-dns-off") or id(step.node) in seen:
                    continue
                seen.add(id(step.node))
                attribute = next(
                    (key for key in _DNS_KEYS if key in getattr(step.node, "positions", {})),
                    None,
                )
                yield self.report(
                    step.node,
                    attribute,
                    f"{paths.puller.label} → {describe(paths.subnet)}: no internet path, and "
                    f"{step.reason}",
                    "enable private DNS on the endpoint, and DNS support and DNS hostnames on "
                    "the VPC",
                )


_DNS_KEYS = (
    "PrivateDnsEnabled",
    "private_dns_enabled",
    "EnableDnsHostnames",
    "enable_dns_hostnames",
    "EnableDnsSupport",
    "enable_dns_support",
)
