"""Text bound for an e-mail header (subject, display names) on one line.

A call title, an organisation's or a person's name may hold a line break (CR, LF, or another Unicode line
separator). In a header it would either start a new header (injection) or make Django refuse the whole
message (``BadHeaderError``): every e-mail about that call would fail. So line breaks become spaces.
"""

from __future__ import annotations

import re

# CR, LF, VT, FF, the file/group/record separators, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR:
# every character str.splitlines() breaks on.
_LINE_BREAKS = re.compile("[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def header_text(value: object) -> str:
    """``value`` as one line: each run of line breaks becomes one space; ends trimmed."""
    return _LINE_BREAKS.sub(" ", str(value)).strip()
