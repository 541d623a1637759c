"""Read the ``.tf`` files of a configuration with python-hcl2: syntax errors, positions, comments.

tfparse reports values but only block-level lines, so the line of each attribute comes from
the lark tree that python-hcl2 builds (its ``with_meta`` option has no effect in 8.1.4, so
the tree is walked here). The same pass finds syntax errors with their line, the local modules
a configuration calls, and ``# ecslint: ignore[CODE]`` comments.
"""

from __future__ import annotations

import json
import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ecslint.errors import INVALID_SYNTAX, UNREADABLE, InputFailure
from ecslint.loaders.files import read_text

# Attributes whose expression tree is kept, so they can be evaluated where tfparse cannot.
KEPT_EXPRESSIONS = frozenset({"container_definitions", "count"})
SUPPRESSION = re.compile(r"(?:#|//|/\*)\s*ecslint:\s*ignore\[([A-Za-z0-9,\s]+)\]")
LOCAL_SOURCE = re.compile(r"^\.\.?(/|$)")


@dataclass
class BlockInfo:
    """A top-level block: its kind and labels, lines, attribute lines and dynamic blocks."""

    kind: str
    labels: tuple[str, ...]
    path: str
    line: int
    end_line: int
    attributes: dict[str, int] = field(default_factory=dict)
    # The column where each attribute of ``attributes`` starts.
    columns: dict[str, int] = field(default_factory=dict)
    dynamic_blocks: set[str] = field(default_factory=set)
    module_source: str | None = None
    expressions: dict[str, Any] = field(default_factory=dict)
    # The python-hcl2 tree of the block's body, for expanding an unexpanded ``for_each``.
    body: Any = None


@dataclass
class SourceFile:
    path: str
    text: str
    blocks: list[BlockInfo] = field(default_factory=list)


def tf_files(directory: str) -> list[str]:
    """Return the ``.tf`` files of ``directory`` (not of subdirectories), sorted."""
    try:
        names = sorted(os.listdir(directory))
    except OSError as error:
        raise InputFailure(UNREADABLE, f"cannot list the directory: {error.strerror}") from None
    return [
        os.path.join(directory, name)
        for name in names
        if name.endswith(".tf") and os.path.isfile(os.path.join(directory, name))
    ]


# The files parsed last, by path, size and modification time. A module shared by several
# configurations of one job is parsed once (see ``ecslint.jobs``). The bound keeps the trees
# of a large scan from filling the memory.
_PARSED: OrderedDict[tuple[str, int, int], SourceFile] = OrderedDict()
_PARSED_KEPT = 256


def parse_file(path: str) -> SourceFile:
    """Parse one ``.tf`` file, raising ``InputFailure`` with the line of a syntax error."""
    try:
        info = os.stat(path)
    except OSError:
        return _parse(path)
    key = (os.path.realpath(path), info.st_size, info.st_mtime_ns)
    if key in _PARSED:
        _PARSED.move_to_end(key)
    else:
        _PARSED[key] = _parse(path)
        if len(_PARSED) > _PARSED_KEPT:
            _PARSED.popitem(last=False)
    cached = _PARSED[key]
    return SourceFile(path, cached.text, cached.blocks)


def _parse(path: str) -> SourceFile:
    import hcl2
    from lark.exceptions import UnexpectedInput

    text = read_text(path)
    try:
        tree = hcl2.parses_to_tree(text)
    except UnexpectedInput as error:
        message = str(error).strip().splitlines()[0]
        raise InputFailure(INVALID_SYNTAX, f"invalid HCL: {message}", line=error.line) from None
    except Exception as error:  # noqa: BLE001 - lark raises several unrelated types
        raise InputFailure(INVALID_SYNTAX, f"invalid HCL: {error}") from None
    source = SourceFile(path, text)
    body = _child(tree, "body")
    for block in _children(body, "block"):
        source.blocks.append(_block_info(block, path))
    return source


def _children(tree, name: str) -> list:
    if tree is None:
        return []
    return [child for child in tree.children if getattr(child, "data", None) == name]


def _child(tree, name: str):
    found = _children(tree, name)
    return found[0] if found else None


def _identifier(tree) -> str:
    return str(tree.children[0]) if tree is not None and tree.children else ""


def _label(tree) -> str:
    """Return a block label: a quoted string or a bare identifier."""
    text = "".join(str(token) for token in tree.scan_values(lambda _: True))
    return text.strip('"')


def _is_label(tree) -> bool:
    return getattr(tree, "data", None) in ("string", "identifier")


def _block_info(block, path: str) -> BlockInfo:
    kind = _identifier(block.children[0])
    labels = tuple(_label(child) for child in block.children[1:] if _is_label(child))
    info = BlockInfo(kind, labels, path, block.meta.line, block.meta.end_line)
    info.body = _child(block, "body")
    _walk_body(info.body, "", info)
    if kind == "module":
        info.module_source = _string_attribute(_child(block, "body"), "source")
    return info


def _walk_body(body, prefix: str, info: BlockInfo) -> None:
    """Record the line of each attribute and nested block under ``prefix``."""
    for child in getattr(body, "children", []):
        kind = getattr(child, "data", None)
        if kind == "attribute":
            name = prefix + _identifier(child.children[0])
            info.attributes.setdefault(name, child.meta.line)
            info.columns.setdefault(name, child.meta.column)
            tree = child.children[-1]
            if name in KEPT_EXPRESSIONS or _keeps_all_expressions(info, prefix):
                info.expressions[name] = tree
            elif info.kind == "resource" and _root_name(tree) == "module":
                info.expressions[name] = tree
        elif kind == "block":
            name = _identifier(child.children[0])
            if name == "dynamic" and _is_label(child.children[1]):
                name = _label(child.children[1])
                info.dynamic_blocks.add(prefix + name)
                content = _content_body(child)
            else:
                content = _child(child, "body")
            info.attributes.setdefault(prefix + name, child.meta.line)
            info.columns.setdefault(prefix + name, child.meta.column)
            _walk_body(content, f"{prefix}{name}.", info)


def _root_name(tree) -> str | None:
    """Return the first name of a reference such as ``module.vpc.private_subnets``, or None."""
    node = tree
    while getattr(node, "data", None) in ("expression", "expr_term", "get_attr_expr_term"):
        trees = [child for child in node.children if hasattr(child, "data")]
        if not trees:
            return None
        node = trees[0]
    if getattr(node, "data", None) == "identifier" and node.children:
        return str(node.children[0])
    return None


def _keeps_all_expressions(info: BlockInfo, prefix: str) -> bool:
    """Return True for the top-level attributes of ``locals``, ``output`` and ``variable``.

    The scope evaluates them where tfparse left their values unresolved.
    """
    return info.kind in ("locals", "output", "variable") and not prefix


def _content_body(dynamic_block):
    """Return the body of the ``content`` block of a ``dynamic`` block."""
    for nested in _children(_child(dynamic_block, "body"), "block"):
        if _identifier(nested.children[0]) == "content":
            return _child(nested, "body")
    return None


def _string_attribute(body, name: str) -> str | None:
    for child in _children(body, "attribute"):
        if _identifier(child.children[0]) == name:
            text = "".join(str(token) for token in child.children[2].scan_values(lambda _: True))
            return text.strip().strip('"')
    return None


def suppressions(text: str) -> dict[int, set[str]]:
    """Return the rule codes each ``ecslint: ignore[CODE, ...]`` comment names, by line."""
    found: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = SUPPRESSION.search(line)
        if match:
            codes = {code.strip().upper() for code in match.group(1).split(",") if code.strip()}
            found.setdefault(number, set()).update(codes)
    return found


def module_directories(directory: str, sources: list[SourceFile]) -> list[str]:
    """Return the directories of the local modules the files call, and of installed modules.

    Local modules are ``source = "./..."`` or ``"../..."``. Registry and git modules count only
    when ``terraform init`` recorded them in ``.terraform/modules/modules.json``.
    """
    found = []
    for source in sources:
        for block in source.blocks:
            if block.module_source and LOCAL_SOURCE.match(block.module_source):
                found.append(os.path.normpath(os.path.join(directory, block.module_source)))
    found.extend(_installed_modules(directory))
    return [path for path in dict.fromkeys(found) if os.path.isdir(path)]


def _installed_modules(directory: str) -> list[str]:
    return [
        os.path.normpath(os.path.join(directory, entry["Dir"]))
        for entry in _manifest(directory)
        if isinstance(entry.get("Dir"), str)
    ]


def _manifest(directory: str) -> list[dict]:
    """Return the entries of ``.terraform/modules/modules.json`` that name a module."""
    manifest = os.path.join(directory, ".terraform", "modules", "modules.json")
    try:
        with open(manifest, encoding="utf-8") as handle:
            entries = json.load(handle).get("Modules", [])
    except (OSError, ValueError, AttributeError):
        return []
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, dict) and entry.get("Key")]


def unread_modules(directory: str, sources: list[SourceFile]) -> list[BlockInfo]:
    """Return the module blocks whose code is not on disk: registry or git modules that
    ``terraform init`` did not install under ``directory``, and local paths that do not exist.
    """
    installed = {str(entry["Key"]).rsplit(".", 1)[-1] for entry in _manifest(directory)}
    unread = []
    for source in sources:
        for block in source.blocks:
            if block.kind != "module" or not block.labels:
                continue
            if block.module_source and LOCAL_SOURCE.match(block.module_source):
                module_dir = os.path.join(os.path.dirname(source.path), block.module_source)
                if os.path.isdir(module_dir):
                    continue
            elif block.labels[0] in installed:
                continue
            unread.append(block)
    return unread
