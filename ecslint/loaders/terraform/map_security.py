"""Map security groups, their rules wherever declared, and network ACLs.

The Terraform provider deletes the allow-all egress rule AWS adds to a new security group, so
an ``aws_security_group`` (or ``aws_default_security_group``) without ``egress`` blocks has no
egress, unless ``aws_security_group_rule`` or ``aws_vpc_security_group_egress_rule`` resources
add some. A VPC's own default group, when Terraform does not manage it, keeps AWS's rules.
"""

from __future__ import annotations

from typing import Any

from ecslint.loaders.terraform.build import Builder, base_node
from ecslint.loaders.terraform.resources import (
    Ref,
    Resource,
    as_bool,
    as_int,
    as_list,
    as_text,
    blocks,
)
from ecslint.model.network import (
    NetworkAcl,
    NetworkAclEntry,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    Vpc,
)
from ecslint.model.values import Location, Unknown, is_unknown

PROTOCOLS = {"all": "-1", "-1": "-1", "6": "tcp", "17": "udp", "1": "icmp"}


def protocol(value: Any) -> str | Unknown:
    text = as_text(value)
    if not isinstance(text, str):
        return text if is_unknown(text) else "-1"
    return PROTOCOLS.get(text.lower(), text.lower())


def create_security_group(builder: Builder, resource: Resource) -> None:
    group = SecurityGroup(**base_node(resource))
    builder.model.security_groups.append(builder.register(resource, group))


def _inline_rules(builder: Builder, resource: Resource, direction: str) -> Any:
    value = resource.get(direction)
    if is_unknown(value) or (value is None and direction in resource.dynamic_blocks):
        return Unknown(f"{direction} rules of {resource.address} are not known")
    rules = []
    for block in blocks(resource.values, direction):
        line = block.get("__line__")
        location = Location(resource.location.path, line) if line else resource.location
        rules.extend(_peers(builder, resource.address, location, block))
    return rules


def _peers(builder: Builder, name: str, location: Location, block: dict) -> list[SecurityGroupRule]:
    """Return one rule per peer (CIDR, prefix list or group) that an inline block names."""
    common = {
        "name": name,
        "location": location,
        "protocol": protocol(block.get("protocol")),
        "from_port": as_int(block.get("from_port")),
        "to_port": as_int(block.get("to_port")),
    }
    rules = []
    for key in ("cidr_blocks", "ipv6_cidr_blocks"):
        rules += [SecurityGroupRule(**common, cidr=as_text(c)) for c in _items(block.get(key))]
    for prefix_list in _items(block.get("prefix_list_ids")):
        rules.append(SecurityGroupRule(**common, prefix_list=as_text(prefix_list)))
    for peer in _items(block.get("security_groups")):
        rules.append(SecurityGroupRule(**common, peer_group=_group(builder, peer)))
    return rules


def _items(value: Any) -> list[Any]:
    listed = as_list(value)
    return [listed] if is_unknown(listed) else listed


def _group(builder: Builder, value: Any) -> Any:
    return builder.lookup(value, SecurityGroup) if isinstance(value, Ref) else Unknown(str(value))


def link_security_groups(builder: Builder) -> None:
    """Link groups to VPCs and add the rules declared as separate resources."""
    for resource in builder.of_type("aws_security_group", "aws_default_security_group"):
        group = builder.objects[resource.address]
        group.vpc = builder.lookup(resource.get("vpc_id"), Vpc)
        # Inline rules are read once every group exists, since they may name one another.
        group.ingress = _inline_rules(builder, resource, "ingress")
        group.egress = _inline_rules(builder, resource, "egress")
        if resource.type == "aws_default_security_group" and isinstance(group.vpc, Vpc):
            group.vpc.default_security_group = group
    for resource in builder.of_type("aws_security_group_rule"):
        _add_legacy_rule(builder, resource)
    for resource in builder.of_type(*VPC_RULE_TYPES):
        _add_vpc_rule(builder, resource, VPC_RULE_TYPES[resource.type])
    for vpc in builder.model.vpcs:
        if vpc.default_security_group is None:
            vpc.default_security_group = _aws_default_group(vpc)


def _aws_default_group(vpc: Vpc) -> SecurityGroup:
    """Return the default group AWS creates: all egress, and all ingress from itself."""
    group = SecurityGroup(name=f"{vpc.name} (default security group)", location=vpc.location)
    group.vpc = vpc
    group.egress = [SecurityGroupRule(name=group.name, location=vpc.location, cidr="0.0.0.0/0")]
    group.ingress = [SecurityGroupRule(name=group.name, location=vpc.location, peer_group=group)]
    return group


def _attach(builder: Builder, resource: Resource, direction: str, rules: list) -> None:
    group = builder.lookup(resource.get("security_group_id"), SecurityGroup)
    if isinstance(group, SecurityGroup):
        current = getattr(group, direction)
        if not is_unknown(current):
            current.extend(rules)
        return
    # The rule belongs to a group that cannot be identified: any group may have it.
    for group in builder.model.security_groups:
        setattr(group, direction, Unknown(f"{resource.address} may add {direction} rules"))


def _add_legacy_rule(builder: Builder, resource: Resource) -> None:
    direction = resource.get("type")
    if direction not in ("ingress", "egress"):
        direction = "egress" if is_unknown(direction) else None
        if direction is None:
            return
    values = dict(resource.values)
    if values.get("self") is True:
        values["security_groups"] = [Ref(_address_of(resource.get("security_group_id")))]
    if "source_security_group_id" in values:
        values["security_groups"] = [values["source_security_group_id"]]
    rules = _peers(builder, resource.address, resource.location, values)
    _attach(builder, resource, direction, rules)


def _address_of(value: Any) -> str:
    return value.address if isinstance(value, Ref) else ""


def _add_vpc_rule(builder: Builder, resource: Resource, direction: str) -> None:
    """Add an ``aws_vpc_security_group_{ingress,egress}_rule``: one peer per resource."""
    peer = resource.get("referenced_security_group_id")
    rule = SecurityGroupRule(
        name=resource.address,
        location=resource.location,
        protocol=protocol(resource.get("ip_protocol")),
        from_port=as_int(resource.get("from_port")),
        to_port=as_int(resource.get("to_port")),
        cidr=as_text(resource.get("cidr_ipv4", resource.get("cidr_ipv6"))),
        prefix_list=as_text(resource.get("prefix_list_id")),
        peer_group=_group(builder, peer) if peer is not None else None,
    )
    _attach(builder, resource, direction, [rule])


VPC_RULE_TYPES = {
    "aws_vpc_security_group_egress_rule": "egress",
    "aws_vpc_security_group_ingress_rule": "ingress",
}


def create_network_acl(builder: Builder, resource: Resource) -> None:
    acl = NetworkAcl(**base_node(resource))
    for direction in ("ingress", "egress"):
        for block in blocks(resource.values, direction):
            acl.entries.append(_acl_entry(resource, block, direction == "egress"))
    builder.model.network_acls.append(builder.register(resource, acl))


def _acl_entry(resource: Resource, values: dict, egress: bool) -> NetworkAclEntry:
    line = values.get("__line__")
    action = as_text(values.get("action", values.get("rule_action")))
    number = as_int(values.get("rule_no", values.get("rule_number")))
    return NetworkAclEntry(
        name=resource.address,
        location=Location(resource.location.path, line) if line else resource.location,
        rule_number=100 if number is None else number,
        egress=egress,
        protocol=protocol(values.get("protocol")),
        allow=action.lower() == "allow" if isinstance(action, str) else Unknown("rule action"),
        cidr=as_text(values.get("cidr_block", values.get("ipv6_cidr_block"))),
        from_port=as_int(values.get("from_port")),
        to_port=as_int(values.get("to_port")),
    )


def link_network_acls(builder: Builder) -> None:
    """Link ACLs to VPCs and subnets, and add ``aws_network_acl_rule`` entries."""
    for resource in builder.of_type("aws_network_acl", "aws_default_network_acl"):
        acl = builder.objects[resource.address]
        acl.vpc = builder.lookup(resource.get("vpc_id"), Vpc)
        subnets = builder.lookup_list(resource.get("subnet_ids"), Subnet)
        for subnet in [] if is_unknown(subnets) else subnets:
            if isinstance(subnet, Subnet):
                subnet.network_acl = acl
    for resource in builder.of_type("aws_network_acl_association"):
        subnet = builder.lookup(resource.get("subnet_id"), Subnet)
        if isinstance(subnet, Subnet):
            subnet.network_acl = builder.lookup(resource.get("network_acl_id"), NetworkAcl)
    for resource in builder.of_type("aws_network_acl_rule"):
        acl = builder.lookup(resource.get("network_acl_id"), NetworkAcl)
        if isinstance(acl, NetworkAcl):
            egress = as_bool(resource.get("egress"), False)
            acl.entries.append(_acl_entry(resource, resource.values, egress is True))
