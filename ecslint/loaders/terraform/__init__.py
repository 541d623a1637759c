"""Load a Terraform configuration (one directory of ``.tf`` files) into a ``Model``.

First python-hcl2 parses each file for syntax errors, attribute lines and suppression
comments (``sources``), and finds the local and installed modules. File reads that would leave
the scanned root are blocked (``confine``). Then tfparse evaluates the configuration, or only
literals are read where tfparse cannot be imported (``evaluate``, ``fallback``). Last, the
resources are mapped into the model (``mapping``). tfparse and python-hcl2 are imported only
in this package, so a scan without Terraform inputs never loads them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Iterable

from ecslint.errors import INVALID_SYNTAX, TOO_COMPLEX, InputError, InputFailure
from ecslint.loaders import LoadResult
from ecslint.loaders.terraform import (
    confine,
    evaluate,
    expand,
    expressions,
    fallback,
    fallbacks,
    sources,
)
from ecslint.loaders.terraform.build import Builder
from ecslint.loaders.terraform.mapping import build
from ecslint.loaders.terraform.resources import (
    Resource,
    all_network_kinds,
    blocks,
    module_of,
    network_kind,
)
from ecslint.loaders.terraform.scope import ScopeFactory, read_var_files
from ecslint.model import Model
from ecslint.model.values import Location, Unknown

KIND = "terraform"


def load_directory(
    directory: str, var_files: Iterable[str] = (), root: str | None = None
) -> LoadResult:
    """Load the configuration in ``directory``.

    ``var_files`` are extra ``.tfvars`` files, applied after ``terraform.tfvars`` and
    ``*.auto.tfvars``. ``root`` is the directory that ``file()`` and ``templatefile()`` may
    read under; it defaults to ``directory``. A syntax error in one of the directory's own
    files gives one error and no model.
    """
    try:
        parsed = [_parse(path) for path in _own_files(directory)]
    except _FileFailure as failure:
        return LoadResult(errors=[failure.error])
    if not parsed:
        return LoadResult()
    model = Model(path=directory, kind=KIND)
    modules = _module_sources(directory, parsed, model)
    roles_incomplete = _note_unread_modules(directory, parsed + modules, model)
    if not _declares_checked_resource(parsed + modules):
        _add_suppressions(model, parsed + modules)
        return LoadResult(models=[model])
    loop = _module_loop(directory, parsed + modules)
    if loop is not None:
        message = f"cannot be evaluated: module {loop} calls itself, directly or through others"
        return LoadResult(errors=[InputError(TOO_COMPLEX, directory, None, message)])
    blocked_reads: list[tuple[Location, str]] = []
    try:
        resources, scopes = _evaluate(
            directory, parsed + modules, list(var_files), root or directory, model, blocked_reads
        )
    except _FileFailure as failure:
        return LoadResult(errors=[failure.error])
    texts = {source.path: source.text.splitlines() for source in parsed + modules}
    _add_positions(resources, parsed + modules, scopes)
    _use_module_outputs(resources, parsed + modules, scopes)
    _distrust_fallbacks(resources, parsed + modules)
    _note_unknown_counts(resources, scopes, model)
    builder = Builder(model, resources, {os.path.normpath(k): v for k, v in texts.items()})
    builder.scope_for = scopes
    for source in parsed + modules:
        for block in source.blocks:
            if block.kind == "module" and block.labels:
                call = (os.path.normpath(block.path), block.line, block.end_line)
                builder.module_calls[block.labels[0]].append(call)
    build(builder)
    noted = {(location.path, location.line) for location, _ in model.unknowns}
    for location, note in blocked_reads:
        # Where an attribute uses the value, its own note names the attribute and the reason.
        if (location.path, location.line) not in noted:
            model.note_unknown(location, note)
    if roles_incomplete:
        for role in model.roles:
            role.complete = False
    _add_suppressions(model, parsed + modules)
    return LoadResult(models=[model])


def _own_files(directory: str) -> list[str]:
    try:
        return sources.tf_files(directory)
    except InputFailure as failure:
        raise _FileFailure(InputError(failure.code, directory, None, failure.message)) from None


def _parse(path: str) -> sources.SourceFile:
    try:
        return sources.parse_file(path)
    except InputFailure as failure:
        raise _FileFailure(InputError(failure.code, path, failure.line, failure.message)) from None


def _add_suppressions(model: Model, files: list) -> None:
    """Record each file's comments under its path, as findings name it.

    ``Model.suppressions`` stays empty because ``Model.path`` is the directory, not a file.
    """
    for source in files:
        found = sources.suppressions(source.text)
        if found:
            model.file_suppressions[os.path.normpath(source.path)] = found


class _FileFailure(Exception):
    """Abandons the directory with one error: unreadable, or a syntax error in its own files."""

    def __init__(self, error: InputError):
        super().__init__(error.message)
        self.error = error


def _module_loop(directory: str, files: list) -> str | None:
    """Return the name of a local module that calls itself, or None.

    Terraform rejects such a configuration, and tfparse would expand it until its memory limit
    stops it, which takes many seconds.
    """
    calls: dict[str, list[tuple[str, str]]] = {}
    for source in files:
        folder = os.path.realpath(os.path.dirname(os.path.abspath(source.path)))
        for block in source.blocks:
            module_source = block.module_source
            # realpath raises ValueError on a NUL byte, and Terraform rejects such a source anyway.
            if (
                module_source
                and sources.LOCAL_SOURCE.match(module_source)
                and "\0" not in module_source
            ):
                target = os.path.realpath(os.path.join(folder, module_source))
                calls.setdefault(folder, []).append(
                    (block.labels[0] if block.labels else "", target)
                )
    chain: list[str] = []
    done: set[str] = set()

    def visit(folder: str) -> str | None:
        chain.append(folder)
        for name, target in calls.get(folder, []):
            if target in chain:
                return name
            found = None if target in done else visit(target)
            if found is not None:
                return found
        chain.pop()
        done.add(folder)
        return None

    return visit(os.path.realpath(directory))


def _module_sources(directory: str, parsed: list, model: Model) -> list:
    """Parse the files of every module the configuration calls, recursively."""
    seen = {os.path.realpath(directory)}
    pending = sources.module_directories(directory, parsed)
    found = []
    while pending:
        module_dir = pending.pop(0)
        if os.path.realpath(module_dir) in seen:
            continue
        seen.add(os.path.realpath(module_dir))
        files = []
        for path in sources.tf_files(module_dir):
            try:
                files.append(sources.parse_file(path))
            except InputFailure as failure:
                model.note_unknown(Location(path, failure.line), f"module file: {failure.message}")
                model.incomplete.update(all_network_kinds())
        found.extend(files)
        pending.extend(sources.module_directories(module_dir, files))
    return found


# Every rule starts from one of these resources, so without them the rules find nothing and
# the evaluation, the slowest step, is skipped.
CHECKED_RESOURCE_TYPES = frozenset(
    {"aws_ecs_task_definition", "aws_ecs_service", "aws_vpc_endpoint"}
)


def _declares_checked_resource(files: list) -> bool:
    return any(
        block.kind == "resource" and block.labels and block.labels[0] in CHECKED_RESOURCE_TYPES
        for source in files
        for block in source.blocks
    )


# An argument name or a reference that hands a module part of the configuration's network,
# or one of its IAM roles.
_NETWORK_ARGUMENT = re.compile(r"vpc|subnet|route_table|security_group|network_acl", re.IGNORECASE)
_NETWORK_REFERENCE = re.compile(r"\baws_(?:default_)?(?:vpc|subnet|route_table|security_group)\.")
_ROLE_ARGUMENT = re.compile(r"role|iam|polic", re.IGNORECASE)
_ROLE_REFERENCE = re.compile(r"\baws_iam_role\.")


def _note_unread_modules(directory: str, files: list, model: Model) -> bool:
    """Note each module whose code is not on disk, and return True when one gets a role.

    Such a module may add routes, endpoints or security group rules to the VPC it is given,
    so the network is then incomplete. It may also attach policies to a role it is given, so
    the caller marks the roles incomplete once they are built.
    """
    texts = {source.path: source.text.splitlines() for source in files}
    roles_given = False
    for block in sources.unread_modules(directory, files):
        source = block.module_source or "no source"
        local = bool(block.module_source and sources.LOCAL_SOURCE.match(block.module_source))
        where = "its folder does not exist" if local else "run terraform init to install it"
        model.note_unknown(
            Location(block.path, block.line),
            f"module {block.labels[0]} ({source}) is not on disk ({where}), so what it "
            "declares is not checked",
        )
        body = "\n".join(texts.get(block.path, [])[block.line - 1 : block.end_line])
        names = list(block.attributes)
        if any(_NETWORK_ARGUMENT.search(n) for n in names) or _NETWORK_REFERENCE.search(body):
            model.incomplete.update(all_network_kinds())
        if any(_ROLE_ARGUMENT.search(n) for n in names) or _ROLE_REFERENCE.search(body):
            roles_given = True
    return roles_given


def _evaluate(
    directory: str, files: list, var_files: list[str], root: str, model: Model, notes: list
) -> tuple[list[Resource], ScopeFactory | None]:
    """Evaluate with tfparse (in a confined copy when needed), or fall back to hcl2 alone.

    A blocked file read adds a note to ``notes``, for the lines no attribute note names.
    """
    # tfparse runs only in child processes (see ``isolate``), so it is looked up, not imported.
    if importlib.util.find_spec("tfparse") is None:
        model.note_unknown(Location(directory), fallback.NOTICE)
        model.incomplete.update(all_network_kinds())
        own = [s for s in files if _is_own(s.path, directory)]
        return [r for s in own for r in fallback.resources(s, os.path.normpath(s.path))], None
    calls = [
        call
        for source in files
        for call in confine.find_calls(source.path, source.text, os.path.abspath(directory))
    ]
    blocked = confine.unsafe_calls(calls, root)
    notes.extend(
        (
            Location(call.path, call.line),
            f"{call.function}() reads outside the scanned root or a path ecslint cannot "
            "resolve; its value is unknown",
        )
        for call in blocked
    )
    if not blocked:
        return _run(directory, directory, var_files, root, model, files)
    module_dirs = sorted({os.path.dirname(s.path) for s in files} - {directory})
    copy_base, copied = confine.confined_copy(directory, module_dirs, calls, root)
    try:
        return _run(copied, directory, var_files, root, model, files)
    finally:
        shutil.rmtree(copy_base, ignore_errors=True)


def _is_own(path: str, directory: str) -> bool:
    return os.path.dirname(os.path.abspath(path)) == os.path.abspath(directory)


def _run(
    evaluated: str,
    directory: str,
    var_files: list[str],
    root: str,
    model: Model,
    sources_files: list,
) -> tuple[list[Resource], ScopeFactory | None]:
    """Run tfparse on ``evaluated`` (the directory or its copy), reporting under ``directory``."""
    files = evaluate.var_files(evaluated, [])
    files += [os.path.abspath(path) for path in var_files]
    try:
        raw = evaluate.run_tfparse(evaluated, files)
    except evaluate.EvaluationError as error:
        if error.limit:
            raise _FileFailure(
                InputError(TOO_COMPLEX, directory, None, f"cannot be evaluated: {error.message}")
            ) from None
        path = os.path.normpath(os.path.join(directory, error.filename or ""))
        if error.filename and _is_own(path, directory):
            raise _FileFailure(
                InputError(INVALID_SYNTAX, path, error.line, f"invalid HCL: {error.message}")
            ) from None
        model.note_unknown(Location(directory), f"tfparse failed: {error.message}")
        model.incomplete.update(all_network_kinds())
        return [], None
    scopes = ScopeFactory(raw, directory, root, read_var_files(files))
    scopes.add_sources(sources_files)
    resources, unexpanded = evaluate.Normalizer(raw, directory).resources()
    unexpanded.extend(_dropped(resources + unexpanded, sources_files, directory, model))
    resources.extend(_expand_all(unexpanded, resources, sources_files, scopes, model))
    return resources, scopes


def _dropped(found: list[Resource], files: list, directory: str, model: Model) -> list[Resource]:
    """Return the blocks that tfparse left out, as unexpanded resources.

    tfparse 0.6.22 returns no instance at all for some ``for_each`` blocks, such as the second
    of two route table associations that each iterate over a map of subnets. Each such block
    is expanded like an unexpanded one, under each module address of the other blocks of its
    folder. A block whose module address is not known is noted, and its network kind is then
    incomplete.
    """
    returned = {_block_address(r.address) for r in found}
    prefixes = _module_prefixes(found)
    dropped = []
    for source in files:
        path = os.path.normpath(source.path)
        own = _is_own(source.path, directory)
        for block in source.blocks:
            address = _declared_address(block)
            # A block with count may rightly have no instance (count = 0). Only for_each
            # blocks are dropped by mistake.
            if address is None or "for_each" not in block.attributes:
                continue
            modules = [""] if own else sorted(prefixes.get(os.path.dirname(path), set()))
            if not modules:
                # A module none of whose blocks came back: its address is not known.
                _note_left_out(model, block, address)
            mode = "data" if block.kind == "data" else "managed"
            for module in modules:
                if _join(module, address) in returned:
                    continue
                location = Location(path, block.line)
                resource = Resource(_join(module, address), block.labels[0], mode, {}, location)
                resource.lines = (block.line, block.end_line)
                dropped.append(resource)
    return dropped


def _module_prefixes(found: list[Resource]) -> dict[str, set[str]]:
    """Return the module addresses (``module.net``) of the returned blocks of each folder."""
    prefixes: dict[str, set[str]] = {}
    for resource in found:
        folder = os.path.dirname(os.path.normpath(resource.location.path))
        prefixes.setdefault(folder, set()).add(module_of(resource.address))
    return prefixes


def _join(module: str, address: str) -> str:
    return f"{module}.{address}" if module else address


def _declared_address(block) -> str | None:
    if block.kind not in ("resource", "data") or len(block.labels) < 2:
        return None
    address = f"{block.labels[0]}.{block.labels[1]}"
    return f"data.{address}" if block.kind == "data" else address


def _block_address(address: str) -> str:
    """Return an instance's address without its instance key: ``a.b["x"]`` gives ``a.b``."""
    return address.split("[", 1)[0] if address.endswith("]") else address


def _note_left_out(model: Model, block, address: str) -> None:
    model.note_unknown(
        Location(os.path.normpath(block.path), block.line),
        f"{address}: the evaluator returned no instance of this module block",
    )
    kind = network_kind(block.labels[0])
    if kind is not None and block.kind == "resource":
        model.incomplete.add(kind)


def _expand_all(
    unexpanded: list[Resource],
    resources: list[Resource],
    files: list,
    scopes: ScopeFactory,
    model: Model,
) -> list[Resource]:
    """Return the instances of the unexpanded blocks, and mark the rest as unknown."""
    addresses = {resource.address for resource in resources + unexpanded}
    found = []
    # Data sources first, so that resources can read what an expanded data source finds.
    for resource in sorted(unexpanded, key=lambda r: r.mode != "data"):
        instances = _expand(resource, files, scopes, addresses)
        if instances is not None:
            found.extend(instances)
            continue
        model.note_unknown(
            resource.location,
            f"{resource.address}: count or for_each is not known, so its instances are unknown",
        )
        kind = network_kind(resource.type)
        if kind is not None and resource.mode == "managed":
            model.incomplete.add(kind)
    return found


def _expand(
    resource: Resource, files: list, scopes: ScopeFactory, addresses: set[str]
) -> list[Resource] | None:
    """Return the ``for_each`` instances of an unexpanded block, None when they are unknown.

    NOTE: only ``for_each`` is expanded here, so a block with an unknown ``count`` stays a
    single unexpanded block.
    """
    block = _block_of(resource, files)
    if block is None or block.body is None:
        return None
    module_dir = os.path.dirname(os.path.abspath(block.path))
    scope = scopes.scope_of(module_of(resource.address), module_dir)
    instances = expand.expand(resource, block.body, scope, addresses)
    for instance in instances or []:
        if instance.mode == "data":
            scopes.data_values[instance.address] = instance.values
    return instances


def _block_of(resource: Resource, files: list):
    real = os.path.realpath(resource.location.path)
    for source in files:
        if os.path.realpath(source.path) == real:
            for block in source.blocks:
                if block.line == resource.location.line:
                    return block
    return None


def _expanded_as_known(resource: Resource, block, name: str, scope) -> bool:
    """Return True when a dynamic block's values can be trusted: its ``for_each`` is known, and
    it is empty or tfparse returned the block. tfparse does drop some blocks it should make.
    """
    count = expand.dynamic_count(block.body, name, scope)
    if count is None or "." in name:
        return False
    return count == 0 or bool(blocks(resource.values, name))


def _use_module_outputs(
    resources: list[Resource], files: list, scopes: ScopeFactory | None
) -> None:
    """Read an argument that names a module output from that output.

    tfparse 0.6.22 gives ``module.vpc.private_subnets`` the value of the module's input of the
    same name when the call sets one: terraform-aws-modules/vpc takes subnet CIDR blocks as
    ``private_subnets`` and returns the subnet ids under that name. Only such arguments are
    evaluated again, from the output that tfparse resolved.
    """
    if scopes is None:
        return
    inputs: dict[str, set[str]] = {}
    for source in files:
        for block in source.blocks:
            if block.kind == "module" and block.labels:
                inputs.setdefault(block.labels[0], set()).update(block.attributes)
    addresses = {resource.address for resource in resources}
    for resource in resources:
        for name, tree in resource.expressions.items():
            output = expressions.module_output_name(tree)
            if output is None or output[1] not in inputs.get(output[0], ()):
                continue
            scope = scopes(resource)
            value = expressions.evaluate(tree, scope)
            value = expand.to_references(value, scope.module, addresses)
            _set_value(resource.values, name.split("."), value)


def _note_unknown_counts(
    resources: list[Resource], scopes: ScopeFactory | None, model: Model
) -> None:
    """Make a network kind incomplete when a block of it has a ``count`` ecslint cannot compute.

    tfparse makes one instance of a block whose ``count`` it cannot compute, such as a count
    from a data source that reads AWS, so that instance may not exist.
    """
    if scopes is None:
        return
    seen: set[tuple[str, int | None]] = set()
    for resource in resources:
        tree = resource.expressions.get("count")
        kind = network_kind(resource.type)
        key = (resource.location.path, resource.location.line)
        if tree is None or kind is None or resource.mode != "managed" or key in seen:
            continue
        seen.add(key)
        if isinstance(expressions.evaluate(tree, scopes(resource)), int):
            continue
        model.incomplete.add(kind)
        address = resource.address.rsplit("[", 1)[0]
        model.note_unknown(resource.location, f"{address}: count is not known")


def _distrust_fallbacks(resources: list[Resource], files: list) -> None:
    """Make unknown what tfparse may have taken from a ``try()`` or ``can()`` fallback.

    A ``dynamic`` block is dropped and kept in ``dynamic_blocks``, so the mappings treat the
    block as unknown. Any other such argument becomes ``Unknown``.
    """
    untrusted = fallbacks.untrusted_arguments(files)
    for resource in resources:
        key = (os.path.realpath(resource.location.path), resource.location.line)
        names, dynamic = untrusted.get(key, (set(), set()))
        for name in sorted(names):
            head = name.split(".")[0]
            if head in dynamic:
                resource.values.pop(head, None)
                resource.dynamic_blocks = resource.dynamic_blocks | {head}
                continue
            reason = Unknown(
                f"{resource.address}.{name} uses try() or can() on a value known after apply"
            )
            _set_value(resource.values, name.split("."), reason)


def _set_value(values: dict, path: list[str], value) -> None:
    """Set ``values[a][b]`` for the path ``a.b``, going into a nested block's first object."""
    for key in path[:-1]:
        inner = values.get(key)
        if isinstance(inner, list) and len(inner) == 1:
            inner = inner[0]
        if not isinstance(inner, dict):
            return
        values = inner
    values[path[-1]] = value


def _add_positions(resources: list[Resource], files: list, scopes: ScopeFactory | None) -> None:
    """Give each resource the attribute lines of its block, matched by file and first line.

    A ``dynamic`` block is kept in ``dynamic_blocks`` (its absence from the values means
    nothing) unless its ``for_each`` is known in the resource's scope.
    """
    index = {}
    for source in files:
        for block in source.blocks:
            index[(os.path.realpath(source.path), block.line)] = block
    for resource in resources:
        real = os.path.realpath(resource.location.path)
        block = index.get((real, resource.location.line))
        if block is None:
            continue
        path = resource.location.path
        resource.positions = {
            name: Location(path, line, block.columns.get(name))
            for name, line in block.attributes.items()
        }
        scope = scopes(resource) if scopes is not None and block.body is not None else None
        resource.dynamic_blocks = frozenset(
            name
            for name in block.dynamic_blocks
            if scope is None or not _expanded_as_known(resource, block, name, scope)
        )
        resource.expressions = dict(block.expressions)
        if resource.lines is None:
            resource.lines = (block.line, block.end_line)
