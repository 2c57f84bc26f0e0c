"""A local SMTP catcher for development: every message is saved as an ``.eml`` file.

``python -m govtech.devtools.mailcatcher --port 1025 --dir var/mail``
"""

from __future__ import annotations

import argparse
import email
import time
from email import policy
from pathlib import Path
from typing import Any


class SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.monotonic_ns() % 1_000_000:06d}.eml"
        (self.folder / name).write_bytes(envelope.content)
        print(f"[mail] to {', '.join(envelope.rcpt_tos)}: {message['subject']} -> {self.folder / name}", flush=True)
        return "250 OK"


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", default="var/mail")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(SaveToFolder(folder), hostname=args.host, port=args.port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
