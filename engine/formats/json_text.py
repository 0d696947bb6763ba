"""JSON from scenario files: its strings must be text. A `\\ud800` escape with no partner (a lone
UTF-16 surrogate) decodes to half a character that no file or terminal can hold; it is refused
where it is read, not met later as a crash when it is printed or written."""

from __future__ import annotations

import json
import re
from typing import Any

# An escape of either half of a surrogate pair; most are pairs (an escaped emoji), so a match
# only says that the decoded value must be looked at.
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")


def surrogate_problem(value: Any, decoded_from: str | bytes) -> str | None:
    """What is wrong with a value decoded from JSON text when it holds a lone surrogate, or None."""
    # Decoding is strict UTF-8: only an escape can make one.
    if isinstance(decoded_from, bytes):
        if not _ESCAPE_BYTES.search(decoded_from):
            return None
    elif not _ESCAPE.search(decoded_from):
        return None
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        found = f"\\u{ord(error.object[error.start]):04x}"
        return f"{found} is half of a character (a lone UTF-16 surrogate), not text"
    return None
