"""Contracting processes out of OCDS files, streamed: every shape ``import_ocds`` reads.

Records give their compiled release (or one compiled here from their embedded releases) with the releases
or versioned release that carry the deadline's history. Compiled releases (tagged ``compiled``, one per line
in JSON lines) are handed on as they are read, so a large file never sits in memory. Other releases are
gathered by ocid across all the files and compiled with ocdsmerge at the end, as ``import_ocds`` does; they
are held compressed until then.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procurement.ocds.merging import MergeError, compile_releases
from procurement.ocds.reading import stream

MAX_MESSAGES = 50


class ReadError(Exception):
    """A file cannot be read as JSON; the message names it."""


@dataclass
class ProcessInput:
    """One contracting process: its compiled release and, where published, its history."""

    ocid: str
    compiled: dict[str, Any]
    releases: list[dict[str, Any]] | None = None
    versioned: dict[str, Any] | None = None
    release_count: int = 0
    source: str = ""


@dataclass
class ReadLog:
    """What was skipped while reading, and why (the first ``MAX_MESSAGES`` reasons)."""

    skipped: int = 0
    messages: list[str] = field(default_factory=list)

    def skip(self, message: str) -> None:
        self.skipped += 1
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)


def _ocid(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_compiled(release: dict[str, Any]) -> bool:
    tag = release.get("tag")
    return isinstance(tag, list) and "compiled" in tag


class _Gatherer:
    def __init__(self, log: ReadLog) -> None:
        self.log = log
        self.loose: dict[str, dict[str, bytes]] = {}  # ocid -> release id -> the release, compressed
        self.loose_source: dict[str, str] = {}

    def document(self, doc: Any, source: str) -> Iterator[ProcessInput]:
        if isinstance(doc, list):
            for item in doc:
                yield from self.document(item, source)
        elif not isinstance(doc, dict):
            self.log.skip(f"{source}: skipped a JSON value that is not an OCDS object")
        elif isinstance(doc.get("records"), list):
            for record in doc["records"]:
                yield from self.record(record, source)
        elif "compiledRelease" in doc or ("releases" in doc and "ocid" in doc):
            yield from self.record(doc, source)
        elif isinstance(doc.get("releases"), list):
            for release in doc["releases"]:
                yield from self.release(release, source)
        elif "ocid" in doc or "tag" in doc:
            yield from self.release(doc, source)
        else:
            self.log.skip(f"{source}: skipped a JSON object that is neither a package, a record nor a release")

    def record(self, record: Any, source: str) -> Iterator[ProcessInput]:
        if not isinstance(record, dict):
            self.log.skip(f"{source}: skipped a record that is not an object")
            return
        compiled = record.get("compiledRelease")
        ocid = _ocid(record.get("ocid")) or _ocid(compiled.get("ocid") if isinstance(compiled, dict) else None)
        if not ocid:
            self.log.skip(f"{source}: skipped a record without an ocid")
            return
        listed = [r for r in record.get("releases") or [] if isinstance(r, dict)]
        embedded = [r for r in listed if "tag" in r]  # linked releases carry only a url
        versioned = record.get("versionedRelease") if isinstance(record.get("versionedRelease"), dict) else None
        if not isinstance(compiled, dict):
            try:
                compiled = compile_releases(ocid, embedded)
            except MergeError as exc:
                self.log.skip(f"{ocid}: skipped: {exc}")
                return
        yield ProcessInput(ocid, compiled, embedded or None, versioned, len(listed), source)

    def release(self, release: Any, source: str) -> Iterator[ProcessInput]:
        if not isinstance(release, dict):
            self.log.skip(f"{source}: skipped a release that is not an object")
            return
        ocid = _ocid(release.get("ocid"))
        if not ocid:
            self.log.skip(f"{source}: skipped a release without an ocid")
        elif _is_compiled(release):
            yield ProcessInput(ocid, release, source=source)
        else:
            # A release read twice (the same file given twice) is one release: OCDS release ids are unique per ocid.
            releases = self.loose.setdefault(ocid, {})
            key = release["id"] if isinstance(release.get("id"), str) and release["id"] else f"#{len(releases)}"
            releases[key] = zlib.compress(json.dumps(release).encode(), 1)
            self.loose_source.setdefault(ocid, source)

    def compile_loose(self) -> Iterator[ProcessInput]:
        while self.loose:
            ocid, packed = self.loose.popitem()
            releases = [json.loads(zlib.decompress(item)) for item in packed.values()]
            try:
                compiled = compile_releases(ocid, releases)
            except MergeError as exc:
                self.log.skip(f"{ocid}: skipped: {exc}")
                continue
            yield ProcessInput(ocid, compiled, releases, None, len(releases), self.loose_source.pop(ocid, ""))


def read_processes(paths: Iterable[str | Path], log: ReadLog) -> Iterator[ProcessInput]:
    """Every contracting process in the files at ``paths``; raises ``ReadError`` for a file that is not JSON."""
    gatherer = _Gatherer(log)
    for path in paths:
        try:
            for doc in stream(path):
                yield from gatherer.document(doc, str(path))
        except OSError as exc:
            raise ReadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        except ValueError as exc:
            raise ReadError(f"{path}: not valid JSON ({exc})") from exc
    yield from gatherer.compile_loose()
