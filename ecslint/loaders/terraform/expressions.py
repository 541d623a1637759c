"""Evaluate an HCL expression from python-hcl2's lark tree, where tfparse returned null.

tfparse gives up on a whole ``jsonencode(...)`` when any part refers to a resource attribute
that is known only after apply (``aws_ecr_repository.app.repository_url``), and it never
renders ``templatefile()`` (both checked with tfparse 0.6.22). This evaluator recomputes such
values. A resource attribute becomes the placeholder text ``${aws_ecr_repository.app.
repository_url}``, which rules treat as an unknown part of a string and which still links an
image to its repository. Any other value it cannot compute (an unset variable, a conditional
on one, a function it does not implement) is ``Unknown``, or a ``${...}`` placeholder when it
sits inside a string. A ``Missing`` value is an error in Terraform (an attribute a known object
does not have), which ``try()`` skips.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ecslint.loaders.terraform import confine
from ecslint.loaders.terraform.functions import COLLECTION_FUNCTIONS, Missing, OpenObject, is_known
from ecslint.model.values import Unknown, is_unknown

RESOURCE_ROOT = re.compile(r"^aws_[a-z0-9_]+$")
ESCAPES = {'\\"': '"', "\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r"}
ESCAPE = re.compile(r'\\["\\ntr]')
INSTANCE_KEY = re.compile(r'^([\w-]+)\[("[^"]*"|\d+)\]$')


@dataclass
class Scope:
    """The values an expression in one module can refer to.

    ``module_dir`` is the directory of the module (``path.module``), ``root_dir`` the root
    module's (``path.root``, and the base of relative file paths), and ``confine_root`` the
    directory that file functions may read under.
    """

    variables: dict[str, Any]
    locals: Mapping[str, Any]
    module_outputs: Mapping[str, Mapping[str, Any]]
    module_dir: str
    root_dir: str
    confine_root: str
    template_vars: dict[str, Any] = field(default_factory=dict)
    # The module address prefix ("module.app"), and a function that returns what is known of
    # a resource attribute's text before apply (see ScopeFactory.attribute_text).
    module: str = ""
    attribute_text: Callable[[str, str], str | None] = lambda address, attribute: None
    # The instance keys of a ``count`` or ``for_each`` resource, by address; None if unknown.
    instance_keys: Callable[[str], list[str | int] | None] = lambda address: None


class InstanceAttributes(Mapping):
    """One instance of a resource used as a value (``each.value`` over a resource's instances).

    Every attribute reads as the placeholder of that attribute, known only after apply, so
    ``each.value.id`` becomes ``${aws_subnet.private["a"].id}``, which links like a reference.
    """

    def __init__(self, address: str):
        self.address = address

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __getitem__(self, key: str) -> str:
        return "${" + f"{self.address}.{key}" + "}"

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


def source_text(tree: Any) -> str:
    """Return the source text of a subtree, without comments and line breaks."""
    if not hasattr(tree, "children"):
        return str(tree)
    return "".join(str(token) for token in tree.scan_values(lambda _: True)).strip()


def placeholder(tree: Any) -> str:
    return "${" + source_text(tree) + "}"


def evaluate(tree: Any, scope: Scope) -> Any:
    """Return the value of the expression ``tree``, ``Unknown`` where it cannot be computed."""
    kind = getattr(tree, "data", None)
    if kind is None:
        return _token(str(tree))
    handler = HANDLERS.get(kind)
    if handler is None:
        return Unknown(f"{kind.replace('_', ' ')} is not evaluated by ecslint")
    return handler(tree, scope)


def _token(text: str) -> Any:
    return {"true": True, "false": False, "null": None}.get(text, text)


def _subtrees(tree: Any) -> list[Any]:
    """Return the child trees of ``tree``, without line breaks and comments."""
    return [
        child
        for child in tree.children
        if hasattr(child, "data") and child.data != "new_line_or_comment"
    ]


def _expr_term(tree: Any, scope: Scope) -> Any:
    inner = _subtrees(tree)
    if len(inner) == 1:
        return evaluate(inner[0], scope)
    return evaluate(tree.children[0], scope)


def _literal(tree: Any, scope: Scope) -> Any:
    text = str(tree.children[0])
    if tree.data == "int_lit":
        return int(text)
    if tree.data == "float_lit":
        return float(text)
    return _token(text)


def _string(tree: Any, scope: Scope) -> Any:
    """Join a quoted template: text parts unescaped, interpolations evaluated."""
    parts = []
    for part in _subtrees(tree):
        for piece in part.children:
            if hasattr(piece, "data") and piece.data == "interpolation":
                parts.append(_interpolate(_subtrees(piece)[0], scope))
            else:
                text = ESCAPE.sub(lambda m: ESCAPES[m.group(0)], str(piece))
                parts.append(text.replace("$${", "${").replace("%%{", "%{"))
    return "".join(parts)


def _interpolate(tree: Any, scope: Scope) -> str:
    """Return the text an interpolation adds to a string, or a placeholder."""
    value = evaluate(tree, scope)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return placeholder(tree)


def module_output_name(tree: Any) -> tuple[str, str] | None:
    """Return (module, output) for an expression ``module.NAME.OUTPUT``, else None."""
    split = _traversal(tree)
    if split is None or split[0] != "module" or len(split[1]) != 2:
        return None
    module, output = split[1]
    if not isinstance(module, str) or not isinstance(output, str):
        return None
    return module, output


def _traversal(tree: Any) -> tuple[Any, list[Any]] | None:
    """Split ``a.b[0].c`` into its root name and steps (attribute names and index trees)."""
    steps: list[Any] = []
    node = tree
    while True:
        kind = getattr(node, "data", None)
        if kind == "expr_term" and len(_subtrees(node)) == 1:
            node = _subtrees(node)[0]
        elif kind == "get_attr_expr_term":
            base, attribute = _subtrees(node)
            steps.insert(0, source_text(_subtrees(attribute)[0]))
            node = base
        elif kind == "index_expr_term":
            base, index = _subtrees(node)
            steps.insert(0, index)
            node = base
        elif kind == "identifier":
            return str(node.children[0]), steps
        else:
            return None


def _reference(tree: Any, scope: Scope) -> Any:
    split = _traversal(tree)
    if split is None:
        return Unknown(f"expression {source_text(tree)!r} is not evaluated by ecslint")
    root, steps = split
    if RESOURCE_ROOT.match(root) and len(steps) == 1 and isinstance(steps[0], str):
        return _resource_instances(tree, f"{root}.{steps[0]}", scope)
    if root in ("data",) or RESOURCE_ROOT.match(root):
        return _resource_attribute(tree, root, steps, scope)
    if root == "path" and steps:
        return {"module": scope.module_dir, "root": scope.root_dir, "cwd": scope.root_dir}.get(
            steps[0], Unknown("unknown path attribute")
        )
    value = _root_value(root, steps, scope)
    return _descend(value, steps[1:] if root in ("var", "local", "module") else steps, scope)


def _resource_instances(tree: Any, address: str, scope: Scope) -> Any:
    """Return a ``count`` or ``for_each`` resource as a list or map of its instances."""
    full = f"{scope.module}.{address}" if scope.module else address
    keys = scope.instance_keys(full)
    if not keys:
        return placeholder(tree)
    if all(isinstance(key, int) for key in keys):
        return [InstanceAttributes(f"{full}[{key}]") for key in sorted(keys)]
    return {str(key): InstanceAttributes(f'{full}["{key}"]') for key in keys}


def _resource_attribute(tree: Any, root: str, steps: list[Any], scope: Scope) -> str:
    """Return the text of a resource attribute: its known shape, else a placeholder."""
    split = _block_address(root, steps, scope)
    if split is not None:
        address, attribute = split
        if scope.module:
            address = f"{scope.module}.{address}"
        known = scope.attribute_text(address, attribute)
        if known is not None:
            return known
    return placeholder(tree)


def _block_address(root: str, steps: list[Any], scope: Scope) -> tuple[str, str] | None:
    """Split ``aws_x.name[key].attr`` or ``data.aws_x.name.attr`` into address and attribute."""
    head = 2 if root == "data" else 1
    if len(steps) <= head or not all(isinstance(step, str) for step in steps[:head]):
        return None
    address = ".".join([root, *steps[:head]])
    rest = steps[head:]
    if not isinstance(rest[0], str):
        key = evaluate(_subtrees(rest[0])[0], scope)
        if isinstance(key, bool) or not isinstance(key, str | int):
            return None
        address += f'["{key}"]' if isinstance(key, str) else f"[{key}]"
        rest = rest[1:]
    if len(rest) != 1 or not isinstance(rest[0], str):
        return None
    return address, rest[0]


def _root_value(root: str, steps: list[Any], scope: Scope) -> Any:
    if root in scope.template_vars:
        return scope.template_vars[root]
    if not steps or not isinstance(steps[0], str):
        return Unknown(f"{root} is not known")
    if root == "var":
        return scope.variables.get(steps[0], Unknown(f"var.{steps[0]} is not set"))
    if root == "local":
        return scope.locals.get(steps[0], Unknown(f"local.{steps[0]} is not known"))
    if root == "module" and steps[0] not in scope.module_outputs:
        return _module_instances(steps[0], scope)
    if root == "module" and len(steps) > 1 and isinstance(steps[1], str):
        outputs = scope.module_outputs.get(steps[0], {})
        value = outputs.get(steps[1], Unknown(f"module.{steps[0]}.{steps[1]} is not known"))
        steps.pop(1)
        return value
    return Unknown(f"{root}.{steps[0]} is not known")


def _module_instances(name: str, scope: Scope) -> Any:
    """Return the outputs of a ``for_each`` module as a map by key, of a ``count`` one as a list.

    Module outputs are stored by instance name, such as ``app["web"]`` or ``app[0]``.
    """
    instances: dict[Any, Any] = {}
    for instance, outputs in scope.module_outputs.items():
        match = INSTANCE_KEY.match(instance)
        if match and match.group(1) == name:
            key = match.group(2)
            instances[key[1:-1] if key.startswith('"') else int(key)] = outputs
    if not instances:
        return Unknown(f"module.{name} is not known")
    if all(isinstance(key, int) for key in instances):
        ordered = [instances[key] for key in sorted(instances)]
        if sorted(instances) == list(range(len(instances))):
            return ordered
        return Unknown(f"module.{name} has gaps in its count instances")
    return instances


def _descend(value: Any, steps: list[Any], scope: Scope) -> Any:
    for step in steps:
        if is_unknown(value):
            return value
        key = step if isinstance(step, str) else evaluate(_subtrees(step)[0], scope)
        value = _element(value, key)
    return value


def _element(value: Any, key: Any) -> Any:
    """Return ``value[key]``: ``Missing`` where Terraform fails, ``Unknown`` where unsure."""
    if isinstance(value, Mapping) and isinstance(key, str):
        if key in value:
            return value[key]
        if isinstance(value, OpenObject):
            return Unknown(f"attribute {key!r} may be an optional attribute not set")
        return Missing(f"attribute {key!r} is not set")
    if isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
        if 0 <= key < len(value):
            return value[key]
        return Missing(f"index {key} is out of range")
    if value is None:
        return Missing(f"element {key!r} of null")
    return Unknown(f"element {key!r} is not known")


def _tuple(tree: Any, scope: Scope) -> Any:
    items = [evaluate(item, scope) for item in _subtrees(tree)]
    error = _first_error(items)
    return items if error is None else error


def _first_error(values: Any) -> Missing | None:
    """Return the first ``Missing`` of ``values``: an error in a part fails the whole."""
    return next((value for value in values if isinstance(value, Missing)), None)


def _object(tree: Any, scope: Scope) -> Any:
    result = {}
    for element in _subtrees(tree):
        key_tree, value_tree = _subtrees(element)
        key = _object_key(key_tree, scope)
        if not isinstance(key, str):
            return Unknown(f"object key {source_text(key_tree)!r} is not known")
        result[key] = evaluate(value_tree, scope)
    error = _first_error(result.values())
    return result if error is None else error


def _object_key(tree: Any, scope: Scope) -> Any:
    inner = _subtrees(tree)[0]
    split = _traversal(inner)
    if split is not None and not split[1]:
        return split[0]
    return evaluate(inner, scope)


def _conditional(tree: Any, scope: Scope) -> Any:
    condition, when_true, when_false = _subtrees(tree)
    test = evaluate(condition, scope)
    if isinstance(test, bool):
        return evaluate(when_true if test else when_false, scope)
    return Unknown(f"condition {source_text(condition)!r} is not known")


def _unary(tree: Any, scope: Scope) -> Any:
    operator = str(tree.children[0])
    value = evaluate(_subtrees(tree)[-1], scope)
    if operator == "-" and isinstance(value, int | float) and not isinstance(value, bool):
        return -value
    if operator == "!" and isinstance(value, bool):
        return not value
    return Unknown(f"expression {source_text(tree)!r} is not known")


# Binary operators by precedence, lowest first (Terraform language, "Operators").
PRECEDENCE = [("||",), ("&&",), ("==", "!="), (">", ">=", "<", "<="), ("+", "-"), ("*", "/", "%")]


def _binary(tree: Any, scope: Scope) -> Any:
    """Evaluate a chain of binary operators with Terraform's precedence."""
    operands, operators = _flatten_binary(tree)
    return _reduce_binary(operands, operators, scope)


def _flatten_binary(tree: Any) -> tuple[list[Any], list[str]]:
    """Split ``a op b op c`` into its operand trees and operators, whatever its nesting."""
    if getattr(tree, "data", None) != "binary_op":
        return [tree], []
    left, term = _subtrees(tree)[:2]
    operator = str(term.children[0].children[0])
    left_operands, left_operators = _flatten_binary(left)
    right_operands, right_operators = _flatten_binary(_subtrees(term)[-1])
    return left_operands + right_operands, left_operators + [operator] + right_operators


def _reduce_binary(operands: list[Any], operators: list[str], scope: Scope) -> Any:
    if not operators:
        return evaluate(operands[0], scope)
    for group in PRECEDENCE:
        # Split at the last operator of the lowest precedence, so operators group left to right.
        positions = [i for i, operator in enumerate(operators) if operator in group]
        if positions:
            at = positions[-1]
            left = _reduce_binary(operands[: at + 1], operators[:at], scope)
            right = _reduce_binary(operands[at + 1 :], operators[at + 1 :], scope)
            error = _first_error([left, right])
            return _apply_operator(operators[at], left, right) if error is None else error
    return Unknown(f"operator {operators[0]!r} is not evaluated by ecslint")


def _apply_operator(operator: str, left: Any, right: Any) -> Any:
    if operator in ("==", "!="):
        # A value that is not Unknown itself is null or not, whatever its members are.
        null_test = (left is None or right is None) and not (is_unknown(left) or is_unknown(right))
        if not null_test and (not is_known(left) or not is_known(right)):
            return Unknown(f"comparison {operator} of an unknown value")
        return (left == right) == (operator == "==")
    if operator in ("&&", "||"):
        return _logical(operator, left, right)
    numbers = [v for v in (left, right) if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) != 2:
        return Unknown(f"operator {operator} of unknown or non-numeric values")
    if operator in ("/", "%") and right == 0:
        return Missing(f"operator {operator} by zero")
    return ARITHMETIC[operator](left, right)


def _logical(operator: str, left: Any, right: Any) -> Any:
    """Apply ``&&`` or ``||``. A known operand that decides the result wins over an unknown one."""
    decisive = operator == "||"
    if left is decisive or right is decisive:
        return decisive
    if isinstance(left, bool) and isinstance(right, bool):
        return not decisive
    return Unknown(f"operator {operator} of an unknown value")


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: a % b,
}


def _for_pairs(intro: Any, scope: Scope) -> list[tuple[Any, Any]] | Unknown:
    """Return the (key or index, value) pairs a ``for`` expression iterates over.

    A map iterates in key order, a list or set in its order (Terraform's order for both).
    """
    collection = evaluate(_subtrees(intro)[-1], scope)
    if isinstance(collection, Mapping):
        return [(key, collection[key]) for key in sorted(collection)]
    if isinstance(collection, list):
        return list(enumerate(collection))
    return Unknown(f"for expression over {source_text(_subtrees(intro)[-1])!r} is not known")


def _for_scopes(tree: Any, scope: Scope) -> list[Scope] | Unknown:
    """Return one scope per element, with the ``for`` expression's variables bound."""
    intro = _subtrees(tree)[0]
    names = [str(child.children[0]) for child in _subtrees(intro)[:-1]]
    pairs = _for_pairs(intro, scope)
    if is_unknown(pairs):
        return pairs
    scopes = []
    for key, value in pairs:
        bound = {names[0]: key, names[1]: value} if len(names) == 2 else {names[0]: value}
        scopes.append(replace(scope, template_vars={**scope.template_vars, **bound}))
    return scopes


def _for_condition(tree: Any, scope: Scope) -> Any:
    """Return the value of the ``if`` clause, True when there is none."""
    conditions = [child for child in _subtrees(tree) if child.data == "for_cond"]
    if not conditions:
        return True
    return evaluate(_subtrees(conditions[0])[0], scope)


def _for_tuple(tree: Any, scope: Scope) -> Any:
    scopes = _for_scopes(tree, scope)
    if is_unknown(scopes):
        return scopes
    result = []
    body = _subtrees(tree)[1]
    for inner in scopes:
        keep = _for_condition(tree, inner)
        if isinstance(keep, Missing):
            return keep
        if not isinstance(keep, bool):
            return Unknown(f"for expression filter is not known: {keep!r}")
        if keep:
            result.append(evaluate(body, inner))
    return result


def _for_object(tree: Any, scope: Scope) -> Any:
    """Evaluate ``{for k, v in x : key => value if cond}``.

    NOTE: an element whose ``if`` clause is unknown may or may not be in the map, so its key
    is kept with an ``Unknown`` value. The grouping form (``...``) is not evaluated.
    """
    if any(str(child) == "..." for child in tree.children if not hasattr(child, "data")):
        return Unknown("for expression with grouping (...) is not evaluated by ecslint")
    scopes = _for_scopes(tree, scope)
    if is_unknown(scopes):
        return scopes
    key_tree, value_tree = _subtrees(tree)[1:3]
    result: dict[str, Any] = {}
    for inner in scopes:
        keep, key = _for_condition(tree, inner), evaluate(key_tree, inner)
        error = _first_error([keep, key])
        if error is not None:
            return error
        if keep is False:
            continue
        if not isinstance(key, str):
            return Unknown(f"for expression key {source_text(key_tree)!r} is not known")
        if key in result:
            return Missing(f"for expression gives the key {key!r} twice, without grouping (...)")
        if keep is True:
            result[key] = evaluate(value_tree, inner)
        else:
            result[key] = Unknown(f"for expression filter is not known: {keep!r}")
    return result


def _heredoc(tree: Any, scope: Scope) -> Any:
    lines = str(tree.children[0]).rstrip("\n").split("\n")
    body = "\n".join(lines[1:-1]) + "\n" if len(lines) > 2 else ""
    if tree.data == "heredoc_template_trim":
        body = _trim_indent(body)
    return render_template(body, scope)


def _trim_indent(body: str) -> str:
    lines = body.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


def render_template(text: str, scope: Scope) -> Any:
    """Render a template (heredoc or ``templatefile``): interpolations only.

    NOTE: template directives (``%{ if }``, ``%{ for }``) are not rendered, so a template
    that uses one is unknown.
    """
    import hcl2

    if re.search(r"(?<!%)%\{", text):
        return Unknown("template directives (%{...}) are not evaluated by ecslint")
    parts, index = [], 0
    for start, end in _interpolations(text):
        parts.append(text[index:start].replace("$${", "${"))
        expression = text[start + 2 : end]
        tree = hcl2.parses_to_tree(f"x = {expression.strip()}\n")
        attribute = _subtrees(_subtrees(tree)[0])[0]
        parts.append(_interpolate(_subtrees(attribute)[-1], scope))
        index = end + 1
    parts.append(text[index:].replace("$${", "${"))
    return "".join(parts)


def _interpolations(text: str) -> list[tuple[int, int]]:
    """Return the (start of ``${``, index of the closing ``}``) of each interpolation."""
    found = []
    for match in re.finditer(r"(?<!\$)\$\{", text):
        depth, quoted = 0, False
        for index in range(match.end(), len(text)):
            char = text[index]
            if char == '"' and text[index - 1] != "\\":
                quoted = not quoted
            elif not quoted and char == "{":
                depth += 1
            elif not quoted and char == "}":
                if depth == 0:
                    found.append((match.start(), index))
                    break
                depth -= 1
    return found


def _function_call(tree: Any, scope: Scope) -> Any:
    name = str(_subtrees(tree)[0].children[0])
    arguments_tree = [t for t in _subtrees(tree)[1:] if t.data == "arguments"]
    arguments = _subtrees(arguments_tree[0]) if arguments_tree else []
    if name == "try":
        return _try(arguments, scope)
    function = FUNCTIONS.get(name)
    if function is None:
        return Unknown(f"function {name}() is not evaluated by ecslint")
    values = [evaluate(argument, scope) for argument in arguments]
    error = _first_error(values)
    if error is not None:
        return error
    return function(values, scope)


def _try(arguments: list[Any], scope: Scope) -> Any:
    """Return the first argument that does not fail, evaluating each only when needed.

    An argument that is unknown (not failed) makes the result unknown: it may succeed.
    """
    for argument in arguments:
        value = evaluate(argument, scope)
        if not isinstance(value, Missing):
            return value
    return Missing("try() found no argument without errors")


def _jsonencode(values: list[Any], scope: Scope) -> Any:
    """Return the value itself: the task-definition mapping reads structures directly.

    Unknown members stay in place, which a JSON string could not hold.
    """
    return values[0] if len(values) == 1 else Unknown("jsonencode() takes one argument")


def _merge(values: list[Any], scope: Scope) -> Any:
    merged: dict[str, Any] = {}
    for value in values:
        if not isinstance(value, dict):
            return Unknown("merge() of a value that is not a known object")
        merged.update(value)
    return merged


def _concat(values: list[Any], scope: Scope) -> Any:
    result: list[Any] = []
    for value in values:
        if not isinstance(value, list):
            return Unknown("concat() of a value that is not a known list")
        result.extend(value)
    return result


def _format(values: list[Any], scope: Scope) -> Any:
    if not values or not isinstance(values[0], str):
        return Unknown("format() with an unknown format")
    arguments = iter(values[1:])

    def substitute(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%"
        value = next(arguments, Unknown("missing format() argument"))
        return value if isinstance(value, str) else _scalar_text(value)

    try:
        return re.sub(r"%%|%[sdv]", substitute, values[0])
    except TypeError:
        return Unknown("format() argument is not known")


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise TypeError("not a known scalar")


def _read(values: list[Any], scope: Scope) -> str | None:
    """Return the text of the file a file function names, when it is inside the root."""
    if not values or not isinstance(values[0], str):
        return None
    path = os.path.normpath(os.path.join(scope.root_dir, values[0]))
    if not confine.inside(path, scope.confine_root) or not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _file(values: list[Any], scope: Scope) -> Any:
    text = _read(values, scope)
    return Unknown("file() outside the scanned root or not found") if text is None else text


def _templatefile(values: list[Any], scope: Scope) -> Any:
    text = _read(values, scope)
    if text is None:
        return Unknown("templatefile() outside the scanned root or not found")
    variables = values[1] if len(values) > 1 and isinstance(values[1], dict) else None
    if variables is None:
        return Unknown("templatefile() variables are not known")
    inner = Scope({}, {}, {}, scope.module_dir, scope.root_dir, scope.confine_root, variables)
    return render_template(text, inner)


def _join(values: list[Any], scope: Scope) -> Any:
    if len(values) == 2 and isinstance(values[0], str) and isinstance(values[1], list):
        if all(isinstance(item, str) for item in values[1]):
            return values[0].join(values[1])
    return Unknown("join() of unknown values")


def _text_function(operation: Callable[[str], str]) -> Callable[[list[Any], Scope], Any]:
    def apply(values: list[Any], scope: Scope) -> Any:
        if len(values) == 1 and isinstance(values[0], str):
            return operation(values[0])
        return Unknown("function argument is not known text")

    return apply


def _tostring(values: list[Any], scope: Scope) -> Any:
    value = values[0] if values else None
    if isinstance(value, str):
        return value
    try:
        return _scalar_text(value)
    except TypeError:
        return Unknown("tostring() of an unknown value")


FUNCTIONS: dict[str, Callable[[list[Any], Scope], Any]] = {
    "jsonencode": _jsonencode,
    "merge": _merge,
    "concat": _concat,
    "format": _format,
    "file": _file,
    "templatefile": _templatefile,
    "join": _join,
    "lower": _text_function(str.lower),
    "upper": _text_function(str.upper),
    "trimspace": _text_function(str.strip),
    "tostring": _tostring,
    **COLLECTION_FUNCTIONS,
}

HANDLERS: dict[str, Callable[[Any, Scope], Any]] = {
    "expr_term": _expr_term,
    "int_lit": _literal,
    "float_lit": _literal,
    "literal_value": _literal,
    "string": _string,
    "identifier": _reference,
    "get_attr_expr_term": _reference,
    "index_expr_term": _reference,
    "tuple": _tuple,
    "object": _object,
    "conditional": _conditional,
    "unary_op": _unary,
    "heredoc_template": _heredoc,
    "heredoc_template_trim": _heredoc,
    "function_call": _function_call,
    "binary_op": _binary,
    "for_tuple_expr": _for_tuple,
    "for_object_expr": _for_object,
}
