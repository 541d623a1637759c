"""Evaluate an HCL expression from python-hcl2's lark tree, where tfparse returned null.

tfparse gives up on a whole ``jsonencode(...)`` when any part refers to a resource attribute
that is known only after apply (``aws_ecr_repository.app.repository_url``), and it never
renders ``templatefile()`` (both checked with tfparse 0.6.22). This evaluator recomputes such
values. A resource attribute becomes the placeholder text ``${aws_ecr_repository.app.
repository_url}``, which rules treat as an unknown part of a string and which still links an
image to its repository. Any other value it cannot compute (an unset variable, a conditional
on one, a ``for`` expression, an operator) is ``Unknown``, or a ``${...}`` placeholder when it
sits inside a string.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ecslint.loaders.terraform import confine
from ecslint.model.values import Unknown, is_unknown

RESOURCE_ROOT = re.compile(r"^aws_[a-z0-9_]+$")
ESCAPES = {'\\"': '"', "\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r"}
ESCAPE = re.compile(r'\\["\\ntr]')


@dataclass
class Scope:
    """The values an expression in one module can refer to.

    ``module_dir`` is the directory of the module (``path.module``), ``root_dir`` the root
    module's (``path.root``, and the base of relative file paths), and ``confine_root`` the
    directory that file functions may read under.
    """

    variables: dict[str, Any]
    locals: dict[str, Any]
    module_outputs: dict[str, dict[str, Any]]
    module_dir: str
    root_dir: str
    confine_root: str
    template_vars: dict[str, Any] = field(default_factory=dict)
    # The module address prefix ("module.app"), and a function that returns what is known of
    # a resource attribute's text before apply (see ScopeFactory.attribute_text).
    module: str = ""
    attribute_text: Callable[[str, str], str | None] = lambda address, attribute: None


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
    if root in ("data",) or RESOURCE_ROOT.match(root):
        return _resource_attribute(tree, root, steps, scope)
    if root == "path" and steps:
        return {"module": scope.module_dir, "root": scope.root_dir, "cwd": scope.root_dir}.get(
            steps[0], Unknown("unknown path attribute")
        )
    value = _root_value(root, steps, scope)
    return _descend(value, steps[1:] if root in ("var", "local", "module") else steps, scope)


def _resource_attribute(tree: Any, root: str, steps: list[Any], scope: Scope) -> str:
    """Return the text of a resource attribute: its known shape, else a placeholder."""
    if RESOURCE_ROOT.match(root) and len(steps) == 2 and all(isinstance(s, str) for s in steps):
        address = f"{root}.{steps[0]}"
        if scope.module:
            address = f"{scope.module}.{address}"
        known = scope.attribute_text(address, steps[1])
        if known is not None:
            return known
    return placeholder(tree)


def _root_value(root: str, steps: list[Any], scope: Scope) -> Any:
    if root in scope.template_vars:
        return scope.template_vars[root]
    if not steps or not isinstance(steps[0], str):
        return Unknown(f"{root} is not known")
    if root == "var":
        return scope.variables.get(steps[0], Unknown(f"var.{steps[0]} is not set"))
    if root == "local":
        return scope.locals.get(steps[0], Unknown(f"local.{steps[0]} is not known"))
    if root == "module" and len(steps) > 1 and isinstance(steps[1], str):
        outputs = scope.module_outputs.get(steps[0], {})
        value = outputs.get(steps[1], Unknown(f"module.{steps[0]}.{steps[1]} is not known"))
        steps.pop(1)
        return value
    return Unknown(f"{root}.{steps[0]} is not known")


def _descend(value: Any, steps: list[Any], scope: Scope) -> Any:
    for step in steps:
        if is_unknown(value):
            return value
        key = step if isinstance(step, str) else evaluate(_subtrees(step)[0], scope)
        if isinstance(value, dict) and isinstance(key, str) and key in value:
            value = value[key]
        elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            value = value[key]
        else:
            return Unknown(f"element {key!r} is not known")
    return value


def _tuple(tree: Any, scope: Scope) -> Any:
    return [evaluate(item, scope) for item in _subtrees(tree)]


def _object(tree: Any, scope: Scope) -> Any:
    result = {}
    for element in _subtrees(tree):
        key_tree, value_tree = _subtrees(element)
        key = _object_key(key_tree, scope)
        if not isinstance(key, str):
            return Unknown(f"object key {source_text(key_tree)!r} is not known")
        result[key] = evaluate(value_tree, scope)
    return result


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
    function = FUNCTIONS.get(name)
    if function is None:
        return Unknown(f"function {name}() is not evaluated by ecslint")
    values = [evaluate(argument, scope) for argument in arguments]
    return function(values, scope)


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
}
