"""What people read, checked as they would read it: a crawler over the demo data.

Signs in as each demo persona, opens their home page, workspace and inbox in each language,
follows the links those pages show two clicks deep (one page per URL pattern, persona and
language), and reads every page's visible text for the holes a person meets: a blank value, a
code from the portal's own code lists where a name belongs, a message of the portal's catalogues
left in English on a Spanish or Portuguese page, a link that answers 403 or 5xx to the person it
was shown to, a Django debug page. Then it renders every e-mail and inbox item the demo produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from babel.messages.pofile import read_po
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from govtech.accounts.models import Membership, User
from govtech.notifications.models import Notification
from govtech.notifications.rendering import notification_email, render_message
from procurement.applications.models import Application
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from startups.models import Sector, Supplier, Technology

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "pt-br", "en")
START_PAGES = ("", "account/", "inbox/")
SKIP_PATH_PARTS = ("/logout", "/export", ".csv", ".pdf", ".json", ".xml", "/rss", "/feed", "/download", "/files/")
BLANK_PATTERNS = (
    (re.compile(r":\s+\.(\s|$)"), "a blank after a colon"),
    (re.compile(r"«\s*»|\"\s*\"|“\s*”"), "empty quotes"),
    (re.compile(r"\S  +\S"), "a doubled space"),
    (re.compile(r"\bNone\b"), "the word None"),
)
SKIP_TAGS = {"script", "style", "code", "pre", "textarea", "template", "noscript", "option", "select"}


class _TextAndLinks(HTMLParser):
    """Visible text nodes (whitespace of the markup collapsed) and the links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = re.sub(r"[\t\r\n]+\s*", " ", data).strip()
        if text:
            self.texts.append(text)


@dataclass
class Problem:
    where: str
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.excerpt[:160]!r}"


@dataclass
class Report:
    pages: int = 0
    emails: int = 0
    problems: list[Problem] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"pages={self.pages} emails={self.emails} problems={len(self.problems)}"


def english_catalogue_messages() -> set[str]:
    """The portal's own English messages that have a different Spanish translation (long enough to be sure)."""
    found: set[str] = set()
    for po in sorted(ROOT.glob("**/locale/es/LC_MESSAGES/django.po")):
        if ".venv" in po.parts:
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale="es")
        for message in catalog:
            msgid = message.id
            translated = isinstance(msgid, str) and message.string and message.string != msgid
            if translated and "%" not in msgid and "{" not in msgid and len(msgid.split()) >= 3:
                found.add(msgid)
    return found


CHOICES = (
    Supplier.Verification,
    Supplier.Stage,
    Supplier.RevenueBand,
    Supplier.SizeClass,
    Call.Status,
    Call.Instrument,
    Challenge.Status,
    Application.Status,
    PublicBody.BodyKind,
    PublicBody.Level,
    PublicBody.Verification,
    Membership.Role,
    Membership.Status,
    User.SiteRole,
)


def code_words() -> set[str]:
    """Codes of the portal's own lists that a person should never read bare.

    Sector and technology slugs and the multi-word values of the models' choices (``in_review``),
    which cannot be mistaken for a word of any language.
    """
    slugs = set(Sector.objects.values_list("slug", flat=True)) | set(Technology.objects.values_list("slug", flat=True))
    values = {str(value) for choices in CHOICES for value in choices.values}
    return {code for code in slugs | values if "-" in code or "_" in code}


LANGUAGE_CODES = {str(value) for value in Supplier.Language.values}
BARE_LANGUAGE = re.compile(r":\s*([a-z]{2}(?:-[a-z]{2})?)(?:,\s*([a-z]{2}(?:-[a-z]{2})?))*\s*$")
SCHEME = re.compile(r"\(([A-Z]{2}-[A-Z]{2,})\)")


def text_problems(
    where: str, texts: Iterable[str], language: str, english: set[str], codes: set[str]
) -> Iterator[Problem]:
    for text in texts:
        for pattern, what in BLANK_PATTERNS:
            if pattern.search(text):
                yield Problem(where, what, text)
        if any(word in codes for word in re.findall(r"[a-z0-9]+(?:[-_][a-z0-9]+)+", text)):
            yield Problem(where, "a code where a name belongs", text)
        match = BARE_LANGUAGE.search(text)
        if match and match.group(1) in LANGUAGE_CODES:
            yield Problem(where, "a language code where its name belongs", text)
        if SCHEME.search(text):
            yield Problem(where, "an identifier scheme's code where its name belongs", text)
        if language != "en" and text in english:
            yield Problem(where, "left in English", text)


def page_key(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def crawl(
    client: Client,
    persona: str,
    language: str,
    report: Report,
    english: set[str],
    codes: set[str],
    seen: set[tuple[str, str, str]],
    depth: int = 2,
) -> None:
    frontier = [f"/{language}/{start}" for start in START_PAGES]
    shown_on: dict[str, str] = {}
    for level in range(depth + 1):
        following: list[str] = []
        for path in frontier:
            key = page_key(urlsplit(path).path)
            if key is None or (persona, language, key) in seen:
                continue
            seen.add((persona, language, key))
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            where = f"{persona} {path}" + (f" (linked from {shown_on[path]})" if path in shown_on else "")
            if response.status_code in (301, 302):
                continue
            report.pages += 1
            report.visited.append(f"{persona} {path} {response.status_code}")
            if response.status_code == 403 or response.status_code >= 500:
                report.problems.append(Problem(where, f"answers {response.status_code}", path))
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            if "technical_500" in body or "<title>Page not found at" in body:
                report.problems.append(Problem(where, "a Django debug page", path))
                continue
            parser = _TextAndLinks()
            parser.feed(body)
            report.problems.extend(text_problems(where, parser.texts, language, english, codes))
            if level == depth:
                continue
            for link in parser.links:
                parts = urlsplit(urldefrag(link)[0])
                if parts.scheme or parts.netloc or not parts.path.startswith(f"/{language}/"):
                    continue
                if any(part in parts.path for part in SKIP_PATH_PARTS):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                shown_on.setdefault(target, path)
                following.append(target)
        frontier = following


def email_problems(report: Report, english: set[str], codes: set[str]) -> None:
    """Render every e-mail and inbox item the data holds, in the recipient's language, and read them."""
    for notification in Notification.objects.select_related("recipient").order_by("pk"):
        message = notification_email(notification)
        language = notification.recipient.language or "es"
        where = f"e-mail #{notification.pk} {notification.kind} ({language})"
        report.emails += 1
        subject = message.subject.strip()
        if subject.endswith(":") or not subject:
            report.problems.append(Problem(where, "a subject ending in a blank", subject))
        lines = [subject, *(line.strip() for line in str(message.body).splitlines() if line.strip())]
        report.problems.extend(text_problems(where, lines, language, english, codes))
        with translation.override(language):
            rendered = render_message(notification.kind, notification.context, language)
        inbox_where = f"inbox item #{notification.pk} {notification.kind} ({language})"
        texts = [str(rendered.subject), *(line.strip() for line in str(rendered.body).splitlines() if line.strip())]
        report.problems.extend(text_problems(inbox_where, texts, language, english, codes))
