"""Keep ``file()`` and ``templatefile()`` from reading outside the scanned root.

tfparse evaluates Terraform's file functions itself and reads any path they name, including
``../`` and absolute paths (checked with tfparse 0.6.22). Before evaluation, every call of a
file-reading function in the configuration is found in the raw text and its path argument is
resolved statically. A call is blocked when its path cannot be resolved or, with symbolic
links followed, lies outside the root. The configuration is then evaluated from a private copy
in a temporary directory, in which each blocked call's function name is replaced by an
undefined one. tfparse returns null for such a call, and the loader records the value as
unknown. Nothing is written into the scanned tree.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass

FILE_FUNCTIONS = (
    "file",
    "templatefile",
    "fileexists",
    "fileset",
    "filebase64",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "filebase64sha256",
    "filebase64sha512",
)
CALL = re.compile(r"(?<![\w.])(" + "|".join(FILE_FUNCTIONS) + r")\s*\(")
BLOCKED_PREFIX = "ecslint_blocked_"
# A path argument ecslint can resolve: a quoted string whose only interpolations are path.*.
STATIC_PATH = re.compile(r'^"((?:[^"$\\]|\$\{path\.(?:module|root|cwd)\})*)"$')


@dataclass(frozen=True)
class FileCall:
    """One call of a file function: where it is, and the file it reads when safe."""

    path: str
    offset: int
    function: str
    target: str | None

    @property
    def line(self) -> int:
        with open(self.path, encoding="utf-8") as handle:
            return handle.read().count("\n", 0, self.offset) + 1


def find_calls(path: str, text: str, root_module: str) -> list[FileCall]:
    """Return the file-function calls in ``text``, each with its resolved target or None."""
    calls = []
    module_dir = os.path.dirname(os.path.abspath(path))
    for match in CALL.finditer(text):
        argument = _first_argument(text, match.end())
        target = _resolve(argument, module_dir, root_module)
        calls.append(FileCall(path, match.start(), match.group(1), target))
    return calls


def _first_argument(text: str, start: int) -> str:
    """Return the source of the first argument of a call whose ``(`` ends at ``start``."""
    depth, quoted, index = 0, False, start
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            break
        index += 1
    return text[start:index].strip()


def _resolve(argument: str, module_dir: str, root_module: str) -> str | None:
    """Return the absolute path a static path argument names, or None when it is dynamic.

    Terraform resolves a relative path against the working directory (the root module);
    ``path.module`` is the directory of the calling file.
    """
    match = STATIC_PATH.match(argument)
    if not match:
        return None
    value = (
        match.group(1)
        .replace("${path.module}", module_dir)
        .replace("${path.root}", root_module)
        .replace("${path.cwd}", root_module)
    )
    return os.path.normpath(os.path.join(root_module, value))


def inside(target: str, root: str) -> bool:
    """Return True when ``target``, with symbolic links followed, lies under ``root``.

    A path that cannot be resolved (one with a NUL character) counts as outside.
    """
    try:
        real_target = os.path.realpath(target)
        real_root = os.path.realpath(root)
    except ValueError:
        return False
    return os.path.commonpath([real_target, real_root]) == real_root


def unsafe_calls(calls: list[FileCall], root: str) -> list[FileCall]:
    return [call for call in calls if call.target is None or not inside(call.target, root)]


def confined_copy(
    directory: str, config_dirs: list[str], calls: list[FileCall], root: str
) -> tuple[str, str]:
    """Copy the configuration to a new temporary directory with unsafe calls blocked.

    Returns the temporary directory, which the caller removes, and the path of ``directory``
    inside it. The layout relative to the common parent of all the directories is kept, so
    relative module sources and safe file paths still work in the copy.
    """
    blocked = unsafe_calls(calls, root)
    safe_targets = [call.target for call in calls if call not in blocked and call.target]
    wanted = [directory, *config_dirs, *(os.path.dirname(t) for t in safe_targets)]
    base = os.path.commonpath([os.path.realpath(p) for p in wanted])
    copy_base = tempfile.mkdtemp(prefix="ecslint-tf-")
    for config_dir in [directory, *config_dirs]:
        _copy_configuration_files(config_dir, base, copy_base)
    for target in safe_targets:
        _copy_file(target, base, copy_base)
    _copy_file(os.path.join(directory, ".terraform", "modules", "modules.json"), base, copy_base)
    for path in {call.path for call in blocked}:
        _rewrite_blocked(path, [c for c in blocked if c.path == path], base, copy_base)
    return copy_base, os.path.join(copy_base, os.path.relpath(os.path.realpath(directory), base))


def _copy_configuration_files(config_dir: str, base: str, copy_base: str) -> None:
    for name in os.listdir(config_dir):
        path = os.path.join(config_dir, name)
        if name.endswith((".tf", ".tfvars", ".tf.json", ".tfvars.json")) and os.path.isfile(path):
            _copy_file(path, base, copy_base)


def _copy_file(path: str, base: str, copy_base: str) -> None:
    if not os.path.isfile(path):
        return
    destination = os.path.join(copy_base, os.path.relpath(os.path.realpath(path), base))
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    shutil.copyfile(path, destination)


def _rewrite_blocked(path: str, calls: list[FileCall], base: str, copy_base: str) -> None:
    """Rename each blocked call's function in the copy of ``path`` to an undefined name."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for call in sorted(calls, key=lambda c: c.offset, reverse=True):
        text = text[: call.offset] + BLOCKED_PREFIX + text[call.offset :]
    destination = os.path.join(copy_base, os.path.relpath(os.path.realpath(path), base))
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    with open(destination, "w", encoding="utf-8") as handle:
        handle.write(text)
