"""Read input files as text, turning every way a read can fail into one ``InputFailure``."""

from __future__ import annotations

import os
import stat

from ecslint.errors import UNREADABLE, InputFailure

# No input ecslint reads comes near this size; larger files are rejected before they are read.
MAX_INPUT_BYTES = 8 * 1024 * 1024

_BOMS = {
    b"\xef\xbb\xbf": "UTF-8",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def read_text(path: str) -> str:
    """Return the UTF-8 text of the regular file at ``path``.

    Raises ``InputFailure`` for a file that is missing, not a regular file (a FIFO or a device
    would block or never end), too large, unreadable, starts with a byte order mark, or is not
    UTF-8.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputFailure(UNREADABLE, f"cannot read the file: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputFailure(UNREADABLE, "not a regular file; ecslint reads only regular files")
    if info.st_size > MAX_INPUT_BYTES:
        size = info.st_size // (1024 * 1024)
        limit = MAX_INPUT_BYTES // (1024 * 1024)
        raise InputFailure(UNREADABLE, f"the file is {size} MiB, larger than the {limit} MiB limit")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputFailure(UNREADABLE, f"cannot read the file: {error.strerror}") from None
    return decode(data)


def decode(data: bytes) -> str:
    """Decode ``data`` as UTF-8 without a byte order mark."""
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            raise InputFailure(
                UNREADABLE,
                f"the file starts with a {encoding} byte order mark; save it as UTF-8 without one",
                line=1,
            )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputFailure(
            UNREADABLE, f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})", line=line
        ) from None
