"""Settings modules: ``dev`` (default), ``test`` and ``production``, all built on ``base``."""
