"""Official e-mail domains of public bodies: what may be one, and which count.

A public webmail domain (``data/webmail_domains.txt``) is never an official domain: anyone can get an address
there. A body's domains count (to ask to join by address, or to become its first approver when it is verified)
only once an administrator has verified them (``PublicBody.verified_domains``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

GOVERNMENT_LABELS = frozenset({"gov", "gob", "gouv", "go", "mil", "edu", "leg", "jus", "mp", "def"})
WEBMAIL_FILE = Path(__file__).with_name("data") / "webmail_domains.txt"


@cache
def _webmail() -> tuple[frozenset[str], frozenset[str]]:
    exact: set[str] = set()
    labels: set[str] = set()
    for line in WEBMAIL_FILE.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if entry.endswith(".*"):
            labels.add(entry[:-2])
        else:
            exact.add(entry)
    return frozenset(exact), frozenset(labels)


def normalise(domain: str) -> str:
    return domain.strip().lower().lstrip("@").rstrip(".")


def is_public_webmail(domain: str) -> bool:
    """Whether ``domain`` (or a domain it is under) is a public webmail provider's."""
    domain = normalise(domain)
    exact, labels = _webmail()
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in exact:
            return True
        tail = parts[i + 1 :]
        if parts[i] in labels and len(tail) <= 2 and not GOVERNMENT_LABELS.intersection(tail):
            return True  # gmail.com, hotmail.com.br, mail.yahoo.es; never live.gov.co
    return False
