"""Read a template, and the local nested stacks it declares, into one model.

``AWS::CloudFormation::Stack`` (``TemplateURL``) and ``AWS::Serverless::Application``
(``Location``) name a child template. A relative path to a file inside the top template's
directory tree is read with the ``Parameters`` the parent passes, and its objects join the
parent's model with locations in the child file. Remote URLs, absolute paths, ``..`` escapes and
symbolic links that lead out of the tree are not read: the child's outputs are then unknown. A
template that is already being read higher up the chain is not read again, so loops end.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ecslint.errors import InputFailure
from ecslint.loaders.cloudformation.builders import create_objects, link_objects
from ecslint.loaders.cloudformation.decode import decode_template, is_template, key_node, line_of
from ecslint.loaders.cloudformation.intrinsics import Resolver
from ecslint.loaders.cloudformation.stack import Stack
from ecslint.loaders.files import read_text
from ecslint.model import NETWORK_KINDS, Model
from ecslint.model.values import Location, Unknown
from ecslint.suppressions import comment_suppressions

NESTED_STACK_TYPES = {
    "AWS::CloudFormation::Stack": "TemplateURL",
    "AWS::Serverless::Application": "Location",
}


@dataclass
class NestedStacks:
    """The state shared by a template and its nested stacks.

    ``root`` is the real path of the top template's directory, which children must stay in.
    ``reading`` contains the real paths of the templates on the current chain, to stop loops.
    ``external`` contains the stubs of subnets and security groups from outside the templates
    (``Stack.external``), so a parameter passed down to a child gives the parent's stub.
    """

    root: str
    reading: set[str] = field(default_factory=set)
    external: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def for_template(cls, path: str) -> NestedStacks:
        return cls(root=os.path.realpath(os.path.dirname(path) or "."))


def read_stack(
    path: str,
    text: str,
    model: Model,
    nested: NestedStacks,
    overrides: dict[str, Any] | None,
) -> Stack | None:
    """Build the objects of the template ``text`` into ``model``; None for non-templates."""
    document = decode_template(text)
    if not is_template(document):
        return None
    children: dict[str, Stack | None] = {}
    resolver = Resolver(document, overrides)
    stack = Stack(
        path=path, template=document, resolver=resolver, model=model, external=nested.external
    )
    resolver.stack = stack
    resolver.nested_output = lambda logical_id, name: _output(
        stack, nested, children, logical_id, name
    )
    _record_suppressions(stack, text, child=overrides is not None)
    nested.reading.add(os.path.realpath(path))
    try:
        create_objects(stack)
        link_objects(stack)
        for resource_type in NESTED_STACK_TYPES:
            for logical_id, _ in stack.resources(resource_type):
                _child(stack, nested, children, logical_id)
        _note_rewritten(stack)
    finally:
        nested.reading.discard(os.path.realpath(path))
    return stack


def _record_suppressions(stack: Stack, text: str, child: bool) -> None:
    """Record ``Metadata.ecslint.ignore`` codes, and a nested stack's comment suppressions.

    The top template's comments are read by the caller of ``load_template``.
    """
    for logical_id, body in stack.resolver.resources.items():
        metadata = body.get("Metadata") if isinstance(body, dict) else None
        settings = metadata.get("ecslint") if isinstance(metadata, dict) else None
        codes = settings.get("ignore") if isinstance(settings, dict) else None
        if isinstance(codes, str):
            codes = [codes]
        if isinstance(codes, list):
            found = {str(code).strip().upper() for code in codes if isinstance(code, str)}
            stack.model.resource_suppressions.setdefault(str(logical_id), set()).update(found)
    if child:
        stack.model.file_suppressions[stack.path] = comment_suppressions(text)


def _output(stack: Stack, nested: NestedStacks, children: dict, logical_id: str, name: str) -> Any:
    """Return output ``name`` of nested stack ``logical_id``, resolved in the child template."""
    child = _child(stack, nested, children, logical_id)
    if child is None:
        return Unknown(f"output {name} of nested stack {logical_id}, which is not read")
    outputs = child.template.get("Outputs")
    output = outputs.get(name) if isinstance(outputs, dict) else None
    if not isinstance(output, dict) or "Value" not in output:
        return Unknown(f"nested stack {logical_id} has no output {name}")
    return child.resolver.resolve(output["Value"])


def _child(stack: Stack, nested: NestedStacks, children: dict, logical_id: str) -> Stack | None:
    """Return the nested stack ``logical_id`` of ``stack``, reading it on first use."""
    if logical_id in children:
        return children[logical_id]
    children[logical_id] = None
    parameters = stack.properties(logical_id).get("Parameters")
    overrides = parameters if isinstance(parameters, dict) else {}
    child_path, reason = _child_path(stack, nested, logical_id)
    if child_path is None:
        if reason is not None:
            _note_unread(stack, logical_id, reason, overrides)
        return None
    try:
        text = read_text(child_path)
        children[logical_id] = read_stack(child_path, text, stack.model, nested, overrides)
    except InputFailure as failure:
        location = stack.resource_location(logical_id)
        stack.model.note_unknown(location, f"nested stack {child_path}: {failure.message}")
    return children[logical_id]


def _child_path(
    stack: Stack, nested: NestedStacks, logical_id: str
) -> tuple[str | None, str | None]:
    """Return the path of a local child template inside the tree, or why it is not read.

    A template already being read higher up the chain gives neither: the loop just ends.
    """
    body = stack.resolver.resources.get(logical_id)
    key = NESTED_STACK_TYPES.get(str(body.get("Type"))) if isinstance(body, dict) else None
    reference = _cdk_asset_path(body) or (stack.properties(logical_id).get(key) if key else None)
    if not isinstance(reference, str):
        return None, f"its {key or 'template'} is not a known path"
    if "://" in reference or reference.startswith("s3:"):
        return None, f"its template {reference} is not a local file"
    if os.path.isabs(reference) or ".." in reference.replace("\\", "/").split("/"):
        return None, f"its template {reference} is outside the template's directory"
    candidate = os.path.normpath(os.path.join(os.path.dirname(stack.path), reference))
    real = os.path.realpath(candidate)
    if not os.path.isfile(real) or os.path.commonpath([real, nested.root]) != nested.root:
        return None, f"its template {reference} is not a file inside the template's directory"
    if real in nested.reading:
        return None, None
    return candidate, None


def _cdk_asset_path(body: Any) -> str | None:
    """Return the local file of a CDK nested stack, whose ``TemplateURL`` points at S3.

    ``cdk synth`` writes the child as ``*.nested.template.json`` beside the parent and names
    it in the resource's ``aws:asset:path`` metadata.
    """
    metadata = body.get("Metadata") if isinstance(body, dict) else None
    path = metadata.get("aws:asset:path") if isinstance(metadata, dict) else None
    return path if isinstance(path, str) and path.endswith(".template.json") else None


# A parameter name that hands a nested stack part of the parent's network, or a role.
_NETWORK_PARAMETER = re.compile(r"vpc|subnet|routetable|securitygroup|networkacl", re.IGNORECASE)
_ROLE_PARAMETER = re.compile(r"role|iam|polic", re.IGNORECASE)


def _note_unread(stack: Stack, logical_id: str, reason: str, parameters: dict) -> None:
    """Note a nested stack that is not read, and what it may change.

    Such a stack may add routes, endpoints or security group rules to the VPC it is given,
    and attach policies to the roles it is given.
    """
    location = stack.resource_location(logical_id)
    stack.model.note_unknown(
        location,
        f"nested stack {logical_id} is not read ({reason}), so what it declares is not checked",
    )
    names = [str(name).replace("_", "").replace("-", "") for name in parameters]
    if any(_NETWORK_PARAMETER.search(name) for name in names):
        stack.model.incomplete.update(NETWORK_KINDS)
    if any(_ROLE_PARAMETER.search(name) for name in names):
        for role in stack.model.roles:
            role.complete = False


# Transforms whose output ecslint reads as written: SAM keeps the ECS and network resources as
# plain AWS:: resources, and the others add no network or IAM resource of the template's.
# NOTE: AWS::LanguageExtensions adds Fn::ForEach, Fn::Length and other functions; ecslint does not
# expand Fn::ForEach, which is noted and makes the template incomplete below.
_READ_TRANSFORMS = frozenset(
    {
        "AWS::Serverless-2016-10-31",
        "AWS::LanguageExtensions",
        "AWS::CodeDeployBlueGreen",
        "AWS::SecretsManager-2020-07-23",
    }
)


def _note_rewritten(stack: Stack) -> None:
    """Note what a macro, ``Fn::ForEach`` or ``AWS::Include`` adds, which is not read.

    Any of them may add routes, endpoints or policies, so the network and the roles of the
    model are incomplete.
    """
    document = stack.template
    transforms = document.get("Transform")
    names = transforms if isinstance(transforms, list) else [transforms]
    at_transform = Location(stack.path, line_of(key_node(document, "Transform")))
    found = [
        (at_transform, f"macro {name}" if isinstance(name, str) else "an AWS::Include transform")
        for name in names
        if name is not None and name not in _READ_TRANSFORMS
    ]
    resources = document.get("Resources")
    if isinstance(resources, dict):
        found += [
            (Location(stack.path, line_of(key)), f"{key}, which ecslint does not expand,")
            for key in resources
            if str(key).startswith("Fn::")
        ]
        if "Fn::Transform" in str(resources):
            at_resources = Location(stack.path, line_of(key_node(document, "Resources")))
            found.append((at_resources, "an Fn::Transform inside a resource"))
    for location, reason in found:
        message = f"{reason} may add or change resources, and those are not checked"
        stack.model.note_unknown(location, message)
    if found:
        stack.model.incomplete.update(NETWORK_KINDS)
        for role in stack.model.roles:
            role.complete = False
