"""``manage.py restore FOLDER``: restore a backup into an empty database and MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govtech.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by 'manage.py backup' into the configured (empty) database and MEDIA_ROOT."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", help="the folder written by 'manage.py backup'")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(Path(options["folder"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: database and {manifest['media_files']} uploaded files."
        )
