"""Backup and restore: ``pg_dump -Fc`` of the database plus an archive of the uploaded files.

The dump must be made (and restored) by the client tools of the server's major version: for
the embedded server those bundled with it, else ``/usr/lib/postgresql/<major>/bin`` or the
tools on ``PATH``, whichever reports the same major version. A backup is a folder holding
``database.dump``, ``media.tar.gz`` and ``manifest.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """The backup or restore cannot proceed; the message says why and what to do."""


@dataclass(frozen=True)
class Connection:
    """libpq parameters of the configured database, for the command-line tools."""

    name: str
    user: str
    password: str
    host: str
    port: str

    @classmethod
    def from_settings(cls, alias: str = "default") -> Connection:
        db: dict[str, Any] = settings.DATABASES[alias]
        options = db.get("OPTIONS") or {}
        return cls(
            name=str(db["NAME"]),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
            host=str(db.get("HOST") or options.get("host") or ""),
            port=str(db.get("PORT") or ""),
        )

    def args(self) -> list[str]:
        out = ["--dbname", self.name, "--no-password"]
        if self.user:
            out += ["--username", self.user]
        if self.host:
            out += ["--host", self.host]
        if self.port:
            out += ["--port", self.port]
        return out

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def server_major_version() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _tool_major(path: Path) -> int | None:
    try:
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    return int(match.group(1)) if match else None


def _candidate_dirs(major: int) -> list[Path]:
    dirs = [Path(folder) for folder in settings.POSTGRES_BIN_DIRS]
    dirs.append(Path(f"/usr/lib/postgresql/{major}/bin"))
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    return dirs


def find_tool(name: str, major: int) -> Path:
    """``pg_dump`` or ``pg_restore`` of the server's major version, or a clear error."""
    seen = []
    for folder in _candidate_dirs(major):
        tool = folder / name
        if tool.exists():
            version = _tool_major(tool)
            seen.append(f"{tool} ({version})")
            if version == major:
                return tool
    raise BackupError(
        f"No {name} of PostgreSQL {major} found (tried: {', '.join(seen) or 'nothing'}). "
        f"Install the PostgreSQL {major} client tools."
    )


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(destination: Path) -> dict[str, Any]:
    """Write a backup into ``destination`` (created; must be empty) and return its manifest."""
    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: choose a new folder for the backup.")
    major = server_major_version()
    pg_dump = find_tool("pg_dump", major)
    conn = Connection.from_settings()
    dump = destination / DUMP_NAME
    result = subprocess.run(
        [str(pg_dump), "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *conn.args()],
        env=conn.environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    media = _media_root()
    files = 0
    with tarfile.open(destination / MEDIA_NAME, "w:gz") as archive:
        if media.exists():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
                    files += 1
    manifest = {
        "created_at": timezone.now().isoformat(),
        "postgres_major": major,
        "database": conn.name,
        "database_bytes": dump.stat().st_size,
        "media_files": files,
    }
    (destination / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        row = cursor.fetchone()
    return bool(row) and row[0] == 0


def backup_restore(source: Path) -> dict[str, Any]:
    """Restore a backup into the configured database, which must be empty, and ``MEDIA_ROOT``."""
    manifest_path = source / MANIFEST_NAME
    if not manifest_path.exists() or not (source / DUMP_NAME).exists():
        raise BackupError(f"{source} does not hold a backup ({MANIFEST_NAME} and {DUMP_NAME} expected).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    major = server_major_version()
    if major < int(manifest["postgres_major"]):
        raise BackupError(f"The backup comes from PostgreSQL {manifest['postgres_major']}; this server is {major}.")
    if not _database_is_empty():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    connection.close()
    pg_restore = find_tool("pg_restore", major)
    conn = Connection.from_settings()
    result = subprocess.run(
        [str(pg_restore), "--no-owner", "--no-privileges", "--exit-on-error", *conn.args(), str(source / DUMP_NAME)],
        env=conn.environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    media = _media_root()
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_NAME, "r:gz") as archive:
        archive.extractall(media, filter="data")  # refuses absolute paths, "..", links out of MEDIA_ROOT
    return manifest
