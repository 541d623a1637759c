"""Find the arguments whose value tfparse may have taken from a ``try()`` or ``can()`` fallback.

tfparse evaluates ``try(aws_security_group.this[0].id, [])`` to ``[]``: an attribute known
only after apply counts as an error there, so the fallback wins, where Terraform would keep
the first value. Such an argument, or one that reads a local built that way, is not trusted.
The search is on the source text, which can only make more values unknown.
"""

from __future__ import annotations

import os
import re

_FALLBACK_CALL = re.compile(r"\b(?:try|can)\s*\(")
_LOCAL_REFERENCE = re.compile(r"\blocal\.([A-Za-z_][\w-]*)")
# A resource, data source or module attribute: known only after apply, which tfparse treats as
# an error inside try(). ``try(each.value.port, 443)`` reads a known object and is trusted.
_APPLY_TIME = re.compile(r"\b(?:data\.)?aws_[a-z0-9_]+\.[A-Za-z_][\w-]*|\bmodule\.[A-Za-z_]")


def _falls_back(text: str) -> bool:
    """Return True when a try() or can() in ``text`` tries a value known only after apply."""
    for match in _FALLBACK_CALL.finditer(text):
        if _APPLY_TIME.search(_first_argument(text, match.end())):
            return True
    return False


def _first_argument(text: str, start: int) -> str:
    """Return the text from ``start`` to the first comma or closing bracket at depth 0."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return text[start:index]
            depth -= 1
        elif char == "," and depth == 0:
            return text[start:index]
    return text[start:]


def untrusted_arguments(files: list) -> dict[tuple[str, int], tuple[set[str], set[str]]]:
    """Return, by (real file path, block line), the argument names that may hold a fallback,
    and the names of the block's ``dynamic`` blocks.

    Names are dotted for nested blocks (``network_configuration.security_groups``), as in
    ``BlockInfo.attributes``.
    """
    tainted_locals = _tainted_locals(files)
    found: dict[tuple[str, int], set[str]] = {}
    for source in files:
        lines = source.text.splitlines()
        folder = _folder(source.path)
        for block in source.blocks:
            if block.kind != "resource":
                continue
            names = _untrusted_in_block(block, lines, tainted_locals.get(folder, set()))
            if names:
                key = (os.path.realpath(source.path), block.line)
                found[key] = (names, set(block.dynamic_blocks))
    return found


def _tainted_locals(files: list) -> dict[str, set[str]]:
    """Return the locals of each module folder whose value may come from a fallback."""
    texts: dict[str, dict[str, str]] = {}
    for source in files:
        lines = source.text.splitlines()
        for block in source.blocks:
            if block.kind == "locals":
                for name, text in _argument_texts(block, lines).items():
                    texts.setdefault(_folder(source.path), {})[name] = text
    tainted: dict[str, set[str]] = {}
    for folder, values in texts.items():
        names = {name for name, text in values.items() if _falls_back(text)}
        grown = True
        while grown:
            more = {
                name
                for name, text in values.items()
                if name not in names and set(_LOCAL_REFERENCE.findall(text)) & names
            }
            names |= more
            grown = bool(more)
        tainted[folder] = names
    return tainted


def _untrusted_in_block(block, lines: list[str], tainted: set[str]) -> set[str]:
    names = set()
    for name, text in _argument_texts(block, lines).items():
        if _falls_back(text) or set(_LOCAL_REFERENCE.findall(text)) & tainted:
            names.add(name)
    return names


def _argument_texts(block, lines: list[str]) -> dict[str, str]:
    """Return the source text of each argument or nested block of ``block``, by name.

    An entry runs from its first line to the line before the next entry that starts after
    it, so a nested block's text holds its arguments, which have entries of their own.
    """
    starts = sorted((line, name) for name, line in block.attributes.items())
    texts = {}
    for index, (line, name) in enumerate(starts):
        later = [start for start, _ in starts[index + 1 :] if start > line]
        end = min(later[0] - 1, block.end_line) if later else block.end_line
        texts[name] = "\n".join(lines[line - 1 : end])
    return texts


def _folder(path: str) -> str:
    return os.path.realpath(os.path.dirname(os.path.abspath(path)))
