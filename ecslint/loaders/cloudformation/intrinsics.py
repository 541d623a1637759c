"""Resolve CloudFormation intrinsic functions against one template's parameters and resources.

What can be known before deployment is resolved: parameter defaults (or the values a parent
stack passes in), ``Mappings``, ``Conditions`` and the string functions. The rest is kept:

- pseudo parameters stay as the placeholder text ``${AWS::Region}`` inside strings, so the
  image parser and ``has_placeholder`` treat those parts as unknown;
- a ``Ref`` or ``Fn::GetAtt`` to a resource becomes a ``ResourceRef`` that builders turn into
  the model object, and inside strings the resource's name where the template gives one, else
  the placeholder ``${LogicalId}``;
- parameters without a default, SSM parameter types, ``Fn::ImportValue``, ``Fn::GetAZs`` and
  dynamic references (``{{resolve:…}}``) are ``Unknown``. A subnet or security-group parameter
  without a default is an ``ExternalResource``: unknown too, but one object per parameter.

``AWS::NoValue`` resolves to ``NO_VALUE``, which mappings and lists drop.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ecslint.loaders.cloudformation.references import (
    ExternalResource,
    ResourceRef,
    Text,
    physical_text,
)
from ecslint.model.values import Unknown, is_unknown

PSEUDO_PARAMETERS = frozenset(
    {
        "AWS::Region",
        "AWS::AccountId",
        "AWS::Partition",
        "AWS::URLSuffix",
        "AWS::StackName",
        "AWS::StackId",
    }
)
NO_VALUE = Unknown("AWS::NoValue")
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:[^}]*\}\}")
_LIST_TYPES = ("List<", "CommaDelimitedList")
# Parameter types that name one resource of a kind the model links by identity.
# NOTE: List<AWS::EC2::Subnet::Id> without a default stays one Unknown: its length is unknown.
_EXTERNAL_TYPES = {
    "AWS::EC2::Subnet::Id": "subnet",
    "AWS::EC2::SecurityGroup::Id": "security-group",
}


def is_intrinsic(node: Any) -> bool:
    if not isinstance(node, dict) or len(node) != 1:
        return False
    key = next(iter(node))
    if key == "Condition":
        # A one-key mapping named Condition is a condition reference only when it names one;
        # an IAM statement's Condition block is a mapping.
        return isinstance(node[key], str)
    return key == "Ref" or str(key).startswith("Fn::")


class Resolver:
    """The intrinsic-function evaluator of one template.

    ``overrides`` contains the parameter values a parent stack passes in. ``nested_output`` returns
    the resolved ``Outputs`` value of a nested stack of this template, or ``Unknown``.
    """

    def __init__(
        self,
        template: dict,
        overrides: dict[str, Any] | None = None,
        nested_output: Callable[[str, str], Any] | None = None,
    ) -> None:
        self.template = template

        self.parameters = _mapping(template.get("Parameters"))
        self.resources = _mapping(template.get("Resources"))
        self.mappings = _mapping(template.get("Mappings"))
        self.conditions = _mapping(template.get("Conditions"))
        self.overrides = overrides or {}

        # The Stack that reads this template; set by the Stack's creator.
        self.stack: Any = None
        self.nested_output = nested_output or (lambda stack, name: Unknown("nested stack"))
        self._condition_values: dict[str, Any] = {}
        self._external: dict[str, ExternalResource] = {}

        # Logical ids whose name property is being resolved, to stop self-references.
        self.naming: set[str] = set()
        self._functions = self._function_table()

    def _function_table(self) -> dict[str, Callable[[Any], Any]]:
        """Return the evaluator of each intrinsic function, by its long-form name."""
        return {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Sub": self._sub,
            "Fn::Join": self._join,
            "Fn::Select": self._select,
            "Fn::Split": self._split,
            "Fn::FindInMap": self._find_in_map,
            "Fn::If": self._if,
            "Fn::Base64": self.resolve,
            "Fn::GetAZs": lambda _: Unknown("Fn::GetAZs lists the Availability Zones at deploy"),
            "Fn::ImportValue": lambda _: Unknown("Fn::ImportValue reads another stack's export"),
            "Fn::Equals": self._equals,
            "Fn::And": self._and,
            "Fn::Or": self._or,
            "Fn::Not": self._not,
            "Condition": self.condition,
        }

    def resource_type(self, logical_id: str) -> str | None:
        body = self.resources.get(logical_id)
        kind = body.get("Type") if isinstance(body, dict) else None
        return kind if isinstance(kind, str) else None

    def resolve(self, node: Any) -> Any:
        """Return ``node`` with every intrinsic function in it evaluated."""
        if is_intrinsic(node):
            key = next(iter(node))
            function = self._functions.get(str(key))
            if function is None:
                return Unknown(f"{key} is not evaluated by ecslint")
            return function(node[key])
        if isinstance(node, dict):
            resolved = {str(key): self.resolve(value) for key, value in node.items()}
            return {key: value for key, value in resolved.items() if value is not NO_VALUE}
        if isinstance(node, list):
            items = [self.resolve(item) for item in node]
            return [item for item in items if item is not NO_VALUE]
        if isinstance(node, str):
            return _plain_string(node)
        return node

    # Ref and Fn::GetAtt ----------------------------------------------------------------------

    def _ref(self, name: Any) -> Any:
        name = self.resolve(name)
        if not isinstance(name, str):
            return Unknown("Ref to a name that is not a string")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO_PARAMETERS:
            return Text("${" + name + "}")
        if name.startswith("AWS::"):
            return Unknown(f"pseudo parameter {name} is known only at deploy")
        if name in self.parameters:
            return self.parameter(name)
        if name in self.resources:
            return ResourceRef(self, name)
        return Unknown(f"Ref to {name}, which the template does not declare")

    def parameter(self, name: str) -> Any:
        """Return a parameter's value: passed in, else its default, else ``Unknown``."""
        declaration = _mapping(self.parameters.get(name))
        kind = str(declaration.get("Type", "String"))
        if name in self.overrides:
            return _typed(self.overrides[name], kind)
        if kind.startswith("AWS::SSM::Parameter::Value<"):
            return Unknown(f"parameter {name} is read from SSM Parameter Store at deploy")
        if "Default" not in declaration:
            return self._external_resource(name, kind)
        return _typed(self.resolve(declaration["Default"]), kind)

    def _external_resource(self, name: str, kind: str) -> Unknown:
        """Return the one value of a subnet or security-group parameter without a default."""
        resource_kind = _EXTERNAL_TYPES.get(kind)
        if resource_kind is None:
            return Unknown(f"parameter {name} has no default")
        if name not in self._external:
            reason = f"parameter {name} has no default"
            self._external[name] = ExternalResource(reason, kind=resource_kind, parameter=name)
        return self._external[name]

    def ssm_parameter_path(self, node: Any) -> str | None:
        """Return the SSM path of ``node`` when it is a Ref to an SSM-typed parameter."""
        if not (is_intrinsic(node) and "Ref" in node and isinstance(node["Ref"], str)):
            return None
        declaration = _mapping(self.parameters.get(node["Ref"]))
        kind = str(declaration.get("Type", ""))
        default = self.overrides.get(node["Ref"], declaration.get("Default"))
        if kind.startswith("AWS::SSM::Parameter::Value<") and isinstance(default, str):
            return str(default)
        return None

    def _get_att(self, argument: Any) -> Any:
        argument = self.resolve(argument)
        if isinstance(argument, str):
            logical_id, _, attribute = argument.partition(".")
        elif isinstance(argument, list) and len(argument) == 2:
            logical_id, attribute = argument
        else:
            return Unknown("Fn::GetAtt with an unexpected argument")
        if not isinstance(logical_id, str) or not isinstance(attribute, str):
            return Unknown("Fn::GetAtt with an unresolved attribute")
        if logical_id not in self.resources:
            return Unknown(f"Fn::GetAtt to {logical_id}, which the template does not declare")
        if attribute.startswith("Outputs."):
            return self.nested_output(logical_id, attribute.removeprefix("Outputs."))
        return ResourceRef(self, logical_id, attribute)

    # String functions ------------------------------------------------------------------------

    def _sub(self, argument: Any) -> Any:
        if isinstance(argument, list) and len(argument) == 2:
            template, variables = argument
            variables = self.resolve(variables)
        else:
            template, variables = argument, {}
        if not isinstance(template, str) or not isinstance(variables, dict):
            return Unknown("Fn::Sub with an unresolved argument")
        refs: dict[str, ResourceRef] = {}
        pieces = []
        position = 0
        for match in _SUB_VARIABLE.finditer(template):
            pieces.append(template[position : match.start()])
            pieces.append(self._sub_variable(match.group(1), variables, refs))
            position = match.end()
        pieces.append(template[position:])
        return _plain_string(Text("".join(pieces), refs))

    def _sub_variable(self, name: str, variables: dict, refs: dict) -> str:
        if name.startswith("!"):
            return "${" + name[1:] + "}"
        if name in variables:
            value = variables[name]
        elif "." in name and name.split(".", 1)[0] in self.resources:
            value = self._get_att(name)
        else:
            value = self._ref(name)
        return self.render(value, refs, placeholder=name)

    def render(self, value: Any, refs: dict, placeholder: str) -> str:
        """Return ``value`` as text for a string, recording resource references in ``refs``.

        An unknown value becomes the placeholder ``${placeholder}``.
        """
        if isinstance(value, ResourceRef):
            text = physical_text(value)
            refs[text] = value
            return text
        if isinstance(value, Text):
            refs.update(value.refs)
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            return str(value)
        return "${" + placeholder + "}"

    def _join(self, argument: Any) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            return Unknown("Fn::Join with an unexpected argument")
        delimiter, items = self.resolve(argument[0]), self.resolve(argument[1])
        if not isinstance(delimiter, str) or not isinstance(items, list):
            return Unknown("Fn::Join of an unresolved list")
        if items and all(is_unknown(item) for item in items):
            return Unknown("Fn::Join of unresolved values")
        refs: dict[str, ResourceRef] = {}
        parts = [self.render(item, refs, placeholder="?") for item in items]
        return Text(str(delimiter).join(parts), refs)

    def _select(self, argument: Any) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            return Unknown("Fn::Select with an unexpected argument")
        index, items = self.resolve(argument[0]), self.resolve(argument[1])
        if isinstance(index, str) and index.isdigit():
            index = int(index)
        if not isinstance(index, int) or not isinstance(items, list):
            return Unknown("Fn::Select from an unresolved list")
        return items[index] if 0 <= index < len(items) else Unknown("Fn::Select out of range")

    def _split(self, argument: Any) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            return Unknown("Fn::Split with an unexpected argument")
        delimiter, source = self.resolve(argument[0]), self.resolve(argument[1])
        if not isinstance(delimiter, str) or not delimiter or not isinstance(source, str):
            return Unknown("Fn::Split of an unresolved string")
        return split_text(source, delimiter)

    def _find_in_map(self, argument: Any) -> Any:
        """Look up a mapping value, or the ``DefaultValue`` that AWS::LanguageExtensions allows."""
        if not (isinstance(argument, list) and len(argument) >= 3):
            return Unknown("Fn::FindInMap with an unexpected argument")
        names = [self.resolve(item) for item in argument[:3]]
        if not all(isinstance(name, str) for name in names):
            return Unknown("Fn::FindInMap with an unresolved key")
        value: Any = self.mappings
        for name in names:
            value = value.get(name) if isinstance(value, dict) else None
        if value is None and len(argument) == 4 and isinstance(argument[3], dict):
            value = argument[3].get("DefaultValue")
        if value is None:
            return Unknown(f"Fn::FindInMap finds no value for {'/'.join(names)}")
        return self.resolve(value)

    # Conditions ------------------------------------------------------------------------------

    def _if(self, argument: Any) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            return Unknown("Fn::If with an unexpected argument")
        chosen = self.condition(argument[0])
        if is_unknown(chosen):
            return Unknown(f"Fn::If on condition {argument[0]}, which is not known")
        return self.resolve(argument[1] if chosen else argument[2])

    def condition(self, name: Any) -> bool | Unknown:
        """Return the value of the named condition, evaluated once; a loop is ``Unknown``."""
        if not isinstance(name, str) or name not in self.conditions:
            return Unknown(f"condition {name} is not declared")
        if name not in self._condition_values:
            self._condition_values[name] = Unknown(f"condition {name} refers to itself")
            self._condition_values[name] = self._truth(self.conditions[name])
        return self._condition_values[name]

    def _truth(self, node: Any) -> bool | Unknown:
        value = self.resolve(node)
        return value if isinstance(value, bool) or is_unknown(value) else Unknown("not a condition")

    def _equals(self, argument: Any) -> bool | Unknown:
        if not (isinstance(argument, list) and len(argument) == 2):
            return Unknown("Fn::Equals with an unexpected argument")
        left, right = (self._comparable(item) for item in argument)
        if left is None or right is None:
            return Unknown("Fn::Equals of a value not known before deployment")
        return left == right

    def _comparable(self, node: Any) -> Any:
        value = self.resolve(node)
        if is_unknown(value) or isinstance(value, ResourceRef):
            return None
        if isinstance(value, str):
            return None if "${" in value else str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value) if isinstance(value, int | float) else value

    def _and(self, argument: Any) -> bool | Unknown:
        values = [self._truth(item) for item in _as_list(argument)]
        if any(value is False for value in values):
            return False
        return Unknown("Fn::And of an unknown condition") if any(map(is_unknown, values)) else True

    def _or(self, argument: Any) -> bool | Unknown:
        values = [self._truth(item) for item in _as_list(argument)]
        if any(value is True for value in values):
            return True
        return Unknown("Fn::Or of an unknown condition") if any(map(is_unknown, values)) else False

    def _not(self, argument: Any) -> bool | Unknown:
        items = _as_list(argument)
        value = self._truth(items[0]) if len(items) == 1 else Unknown("Fn::Not argument")
        return value if is_unknown(value) else not value


# Names of resources inside strings ---------------------------------------------------------


def split_text(source: str, delimiter: str) -> list[Any]:
    """Split ``source``, turning pieces that stand for a resource back into references."""
    refs = source.refs if isinstance(source, Text) else {}
    pieces = str(source).split(delimiter)
    return [refs.get(piece.strip(), _plain_string(piece.strip())) for piece in pieces]


def _typed(value: Any, kind: str) -> Any:
    """Split a comma-separated value given for a ``List<…>`` or ``CommaDelimitedList``."""
    if kind.startswith(_LIST_TYPES) and isinstance(value, str):
        return split_text(value, ",")
    return value


def _plain_string(text: str) -> Any:
    if _DYNAMIC_REFERENCE.search(text):
        return Unknown("a dynamic reference ({{resolve:…}}) is read at deploy")
    return text if isinstance(text, Text) else str(text)


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]
