"""``make run``: the whole portal in one terminal, stopped by Ctrl-C.

This process owns the embedded PostgreSQL and Redis (when ``DATABASE_URL`` /
``REDIS_URL`` are unset), migrates, loads the demo data, then starts and watches the
web server, a Celery worker, Celery beat and a local mail catcher. Children get the
servers' URLs in their environment, so they join instead of starting their own.
When one child dies or Ctrl-C is pressed, every child is stopped, then the servers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from govtech.devtools.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


def database_url_from_settings() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db['USER']}@"
    if host.startswith("/"):
        return f"postgresql://{auth}/{db['NAME']}?host={host}"
    return f"postgresql://{auth}{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def demo_mfa_setting(environ: Mapping[str, str]) -> str:
    """The demo signs officials in without a phone: MFA is off unless asked for explicitly."""
    return environ.get("MFA_REQUIRED_FOR_OFFICIALS", "0")


class Command(BaseCommand):
    help = "Run the portal: web server, Celery worker and beat, and a mail catcher, on the embedded servers by default."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--mail-port", type=int, default=settings.EMAIL_PORT)
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        base = Path(settings.BASE_DIR)
        mail_dir = base / "var" / "mail"
        mail_dir.mkdir(parents=True, exist_ok=True)
        (base / "var" / "log").mkdir(parents=True, exist_ok=True)

        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compiletranslations", verbosity=0)
        if not options["no_demo"]:
            call_command("load_demo", stdout=self.stdout)

        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("DATABASE_URL") or database_url_from_settings(),
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(options["mail_port"]),
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "govtech.settings.dev"),
            "PYTHONUNBUFFERED": "1",
            "MFA_REQUIRED_FOR_OFFICIALS": demo_mfa_setting(os.environ),
        }
        python = sys.executable
        commands = {
            "mail": [
                python,
                "-m",
                "govtech.devtools.mailcatcher",
                "--port",
                str(options["mail_port"]),
                "--dir",
                str(mail_dir),
            ],
            "web": [python, "manage.py", "runserver", options["addr"], "--noreload"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "govtech",
                "worker",
                "-l",
                "INFO",
                "--concurrency",
                "2",
                "-Q",
                "celery,notifications,matching",
                "-n",
                "worker@%h",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "govtech",
                "beat",
                "-l",
                "INFO",
                "--schedule",
                str(base / "var" / "celerybeat-schedule"),
            ],
        }
        children: dict[str, subprocess.Popen[bytes]] = {}
        for name, cmd in commands.items():
            children[name] = subprocess.Popen(cmd, cwd=base, env=env)
            time.sleep(0.3)

        mfa_required = env["MFA_REQUIRED_FOR_OFFICIALS"].strip().lower() in {"1", "true", "yes", "on"}
        self._banner(options["addr"], mail_dir, options["mail_port"], mfa_required=mfa_required)
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} exited with code {child.returncode}; stopping everything.")
                        stopping = True
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stdout.write("\nStopping the portal…")
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 15
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("Stopped. The embedded servers stop with this process; your data stays in .embedded/.")

    def _banner(self, addr: str, mail_dir: Path, mail_port: int, *, mfa_required: bool = False) -> None:
        mfa_line = (
            "  Two-factor authentication is REQUIRED for officials and staff (MFA_REQUIRED_FOR_OFFICIALS=1)."
            if mfa_required
            else "  Two-factor authentication is OFF for this demo (production requires it for officials and"
            "\n  staff; set MFA_REQUIRED_FOR_OFFICIALS=1 to try it)."
        )
        lines = [
            "",
            "=" * 72,
            f"  Govtech Portal is running at http://{addr}/",
            f"  Health: http://{addr}/readyz   API docs: http://{addr}/api/v1/docs/",
            "",
            f"  Demo accounts (password for all: {DEMO_PASSWORD}):",
            *[f"    {email:38} {name}" for email, name in DEMO_ACCOUNTS],
            "",
            f"  E-mails sent by the portal are caught on 127.0.0.1:{mail_port} and saved as",
            f"  .eml files in {mail_dir}/ (open them with any mail program or a text editor).",
            mfa_line,
            "  Press Ctrl-C to stop everything.",
            "=" * 72,
            "",
        ]
        self.stdout.write("\n".join(lines))
