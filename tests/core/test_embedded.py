from __future__ import annotations

import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage

import redis

from govtech.devtools import embedded
from govtech.settings.base import broker_url
from tests.conftest import free_port


def test_the_embedded_redis_starts_once_and_is_joined_afterwards(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "_owned_redis", None)
    url = embedded.embedded_redis_url(tmp_path)
    owner = embedded._owned_redis
    try:
        assert url.startswith("unix://")
        client = redis.Redis.from_url(url)
        assert client.ping()
        assert embedded.embedded_redis_url(tmp_path) == url
        assert embedded._owned_redis is owner  # joined, not started again
    finally:
        embedded.stop_embedded_redis()
    assert not embedded._redis_answers(tmp_path / "redis.sock")


def test_kombu_gets_the_socket_url_it_understands():
    assert broker_url("unix:///x/redis.sock?db=2") == "redis+socket:///x/redis.sock?db=2"
    assert broker_url("redis://h:6379/0") == "redis://h:6379/0"


def test_the_development_mail_catcher_saves_each_message(tmp_path):
    port = free_port()
    catcher = subprocess.Popen(
        [sys.executable, "-m", "govtech.devtools.mailcatcher", "--port", str(port), "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Convocatoria ñ"
        message.set_content("Hola")
        deadline = time.monotonic() + 30  # the catcher's start-up, on a loaded machine
        while True:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
                    smtp.send_message(message)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        files = list(tmp_path.glob("*.eml"))
        assert len(files) == 1
        assert "Convocatoria" in files[0].read_text(errors="replace")
    finally:
        catcher.terminate()
        catcher.wait(5)
