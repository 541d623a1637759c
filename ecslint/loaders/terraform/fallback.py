"""Read resources with python-hcl2 alone, for platforms where tfparse cannot be imported.

Only literal values are known: a whole-value reference to a resource (``aws_vpc.main.id``)
becomes a ``Ref`` and every other expression is ``Unknown``. Variables, locals, functions,
modules and ``count``/``for_each`` are not evaluated, so each block is one resource.
"""

from __future__ import annotations

import re
from typing import Any

from ecslint.loaders.terraform.resources import Ref, Resource
from ecslint.loaders.terraform.sources import SourceFile
from ecslint.model.values import Location, Unknown

WHOLE_EXPRESSION = re.compile(r"^\$\{(.*)\}$", re.DOTALL)
REFERENCE = re.compile(
    r"^(?P<address>(?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.(?P<attr>[\w.]+))?$"
)
NOTICE = (
    "tfparse is not available on this platform, so Terraform expressions (variables, locals, "
    "functions, modules, count and for_each) are not evaluated and their values are unknown"
)


def resources(source: SourceFile, display_path: str) -> list[Resource]:
    """Return the resources and data sources of one parsed file, unevaluated."""
    import hcl2

    options = hcl2.SerializationOptions(
        strip_string_quotes=True, explicit_blocks=False, preserve_heredocs=False
    )
    document = hcl2.loads(source.text, serialization_options=options)
    lines = {(b.kind, *b.labels): b.line for b in source.blocks}
    found = []
    for mode, key in (("managed", "resource"), ("data", "data")):
        for entry in document.get(key, []):
            for type_name, named in entry.items():
                for name, body in named.items():
                    prefix = "data." if mode == "data" else ""
                    line = lines.get((key, type_name, name))
                    found.append(
                        Resource(
                            address=f"{prefix}{type_name}.{name}",
                            type=type_name,
                            mode=mode,
                            values=_convert(body),
                            location=Location(display_path, line),
                        )
                    )
    return found


def _convert(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        return [_convert(item) for item in value]
    if isinstance(value, str):
        return _convert_text(value)
    return value


def _convert_text(value: str) -> Any:
    whole = WHOLE_EXPRESSION.match(value)
    if not whole:
        return value
    reference = REFERENCE.match(whole.group(1).strip())
    if reference:
        return Ref(reference.group("address"), reference.group("attr"))
    return Unknown("expression not evaluated (tfparse is not available)")
