"""Security groups, their rules wherever declared, and network ACLs.

``AWS::EC2::SecurityGroup``: "When you create a security group, if you do not add egress rules,
we add egress rules that allow all outbound IPv4 and IPv6 traffic. Otherwise, we do not add
them" (CloudFormation template reference, AWS::EC2::SecurityGroup, 2025). Rules added later by
``AWS::EC2::SecurityGroupEgress`` resources do not remove that default rule, so only the group's
own ``SecurityGroupEgress`` property replaces it.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.cloudformation.convert import boolean, integer, text
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.model.network import (
    NetworkAcl,
    NetworkAclEntry,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
)
from ecslint.model.values import Unknown, is_unknown

PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


def protocol(value: Any) -> str | Unknown:
    """Return "-1" for all protocols, else the protocol's name (tcp, udp …) or number."""
    if is_unknown(value):
        return value
    text = str(value).lower()
    return PROTOCOL_NAMES.get(text, text)


def create_security_group(stack: Stack, logical_id: str) -> SecurityGroup:
    return SecurityGroup(
        name=logical_id,
        location=stack.resource_location(logical_id),
        positions=stack.positions(logical_id, ("SecurityGroupEgress", "SecurityGroupIngress")),
    )


def link_security_group(stack: Stack, logical_id: str, group: SecurityGroup) -> None:
    """Fill the inline rules; without ``SecurityGroupEgress``, AWS's allow-all egress rule."""
    properties = stack.properties(logical_id)
    group.vpc = stack.lookup(properties.get("VpcId"))
    group.ingress = _rules(stack, logical_id, properties.get("SecurityGroupIngress"), False)
    if "SecurityGroupEgress" in properties:
        group.egress = _rules(stack, logical_id, properties["SecurityGroupEgress"], True)
    else:
        # NOTE: AWS also adds an IPv6 ::/0 rule when the VPC has IPv6; only IPv4 is modelled.
        default = SecurityGroupRule(
            name=f"{logical_id} default egress", location=group.location, cidr="0.0.0.0/0"
        )
        group.egress = [default]


def _rules(stack: Stack, logical_id: str, value: Any, egress: bool) -> Any:
    if value is None:
        return []
    if is_unknown(value) or not isinstance(value, list):
        return Unknown("security group rules not resolved")
    raw = stack.raw_properties(logical_id).get(
        "SecurityGroupEgress" if egress else "SecurityGroupIngress"
    )
    rules = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            node = raw[index] if isinstance(raw, list) and index < len(raw) else None
            location = (
                stack.location(node) if node is not None else stack.resource_location(logical_id)
            )
            rules.append(rule_from(stack, item, egress, f"{logical_id} rule {index}", location))
    return rules


def rule_from(
    stack: Stack, item: dict, egress: bool, name: str, location: Any
) -> SecurityGroupRule:
    """Build a rule from inline or standalone ingress/egress properties."""
    peer_key = "DestinationSecurityGroupId" if egress else "SourceSecurityGroupId"
    prefix_key = "DestinationPrefixListId" if egress else "SourcePrefixListId"
    cidr = item.get("CidrIp", item.get("CidrIpv6"))
    return SecurityGroupRule(
        name=name,
        location=location,
        protocol=protocol(item.get("IpProtocol", "-1")),
        from_port=integer(item.get("FromPort")),
        to_port=integer(item.get("ToPort")),
        cidr=text(cidr),
        prefix_list=text(item.get(prefix_key)),
        peer_group=stack.lookup(item.get(peer_key)),
    )


def link_standalone_rule(stack: Stack, logical_id: str, egress: bool) -> None:
    """Add an ``AWS::EC2::SecurityGroupIngress`` or ``Egress`` resource to its group."""
    properties = stack.properties(logical_id)
    group = stack.lookup(properties.get("GroupId"))
    if not isinstance(group, SecurityGroup):
        return
    rules = group.egress if egress else group.ingress
    if is_unknown(rules):
        return
    location = stack.resource_location(logical_id)
    rules.append(rule_from(stack, properties, egress, logical_id, location))


def create_network_acl(stack: Stack, logical_id: str) -> NetworkAcl:
    return NetworkAcl(name=logical_id, location=stack.resource_location(logical_id))


def link_network_acl(stack: Stack, logical_id: str, acl: NetworkAcl) -> None:
    acl.vpc = stack.lookup(stack.properties(logical_id).get("VpcId"))


def link_network_acl_entry(stack: Stack, logical_id: str) -> None:
    properties = stack.properties(logical_id)
    acl = stack.lookup(properties.get("NetworkAclId"))
    if not isinstance(acl, NetworkAcl):
        return
    ports = properties.get("PortRange") if isinstance(properties.get("PortRange"), dict) else {}
    action = properties.get("RuleAction", "allow")
    cidr = properties.get("CidrBlock", properties.get("Ipv6CidrBlock"))
    entry = NetworkAclEntry(
        name=logical_id,
        location=stack.resource_location(logical_id),
        rule_number=integer(properties.get("RuleNumber")),
        egress=boolean(properties.get("Egress"), False) is True,
        protocol=protocol(properties.get("Protocol", "-1")),
        allow=action if is_unknown(action) else str(action).lower() == "allow",
        cidr=text(cidr),
        from_port=integer(ports.get("From")),
        to_port=integer(ports.get("To")),
    )
    acl.entries.append(entry)


def link_network_acl_association(stack: Stack, logical_id: str) -> None:
    properties = stack.properties(logical_id)
    subnet = stack.lookup(properties.get("SubnetId"))
    if isinstance(subnet, Subnet):
        subnet.network_acl = stack.lookup(properties.get("NetworkAclId"))
