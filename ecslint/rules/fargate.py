"""Task sizes Fargate accepts, from the Fargate task-size table of the ECS developer guide.

https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
(8 and 16 vCPU need Linux platform version 1.4.0 or later.)
"""

from __future__ import annotations

import re

GIB = 1024

# CPU units -> allowed memory in MiB.
FARGATE_SIZES: dict[int, list[int]] = {
    256: [512, 1024, 2048],
    512: list(range(1 * GIB, 4 * GIB + 1, GIB)),
    1024: list(range(2 * GIB, 8 * GIB + 1, GIB)),
    2048: list(range(4 * GIB, 16 * GIB + 1, GIB)),
    4096: list(range(8 * GIB, 30 * GIB + 1, GIB)),
    8192: list(range(16 * GIB, 60 * GIB + 1, 4 * GIB)),
    16384: list(range(32 * GIB, 120 * GIB + 1, 8 * GIB)),
}

_VCPU = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*vcpu\s*$", re.IGNORECASE)
_GB = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*gb\s*$", re.IGNORECASE)


def cpu_units(text: str) -> int | None:
    """Return CPU units for "1024", "1 vCPU" or "0.25 vcpu", or None when unreadable."""
    if text.strip().isdigit():
        return int(text)
    match = _VCPU.match(text)
    return round(float(match.group(1)) * 1024) if match else None


def memory_mib(text: str) -> int | None:
    """Return MiB for "2048", "2GB" or "0.5 GB", or None when unreadable."""
    if text.strip().isdigit():
        return int(text)
    match = _GB.match(text)
    return round(float(match.group(1)) * 1024) if match else None


def describe_memory(cpu: int) -> str:
    allowed = FARGATE_SIZES[cpu]
    if len(allowed) <= 3:
        return ", ".join(str(value) for value in allowed) + " MiB"
    step = allowed[1] - allowed[0]
    return f"{allowed[0]} to {allowed[-1]} MiB in steps of {step}"
