"""JSON from scenario files: its strings must be text. A `\\ud800` escape with no partner (a lone
UTF-16 surrogate) decodes to half a character that no file or terminal can hold; it is refused
where it is read, not met later as a crash when it is printed or written."""

from __future__ import annotations

import json
import re
from typing import Any

# An escape of either half of a surrogate pair; most are pairs (an escaped emoji), so a match
# only says that the decoded value must be looked at.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")


def surrogate_problem(value: Any) -> str | None:
    """What is wrong with a decoded JSON value that holds a lone surrogate, or None."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        found = f"\\u{ord(error.object[error.start]):04x}"
        return f"{found} is half of a character (a lone UTF-16 surrogate), not text"
    return None
