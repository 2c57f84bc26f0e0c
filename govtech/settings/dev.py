"""Development: the default settings module (``make run``)."""

from __future__ import annotations

from govtech.settings.env import env_bool, env_list
from govtech.settings.local import *

DEBUG = env_bool("DEBUG", True)
NOTIFICATIONS_STRICT = env_bool("NOTIFICATIONS_STRICT", DEBUG)  # a message with a blank raises while developing
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
