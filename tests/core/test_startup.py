"""A web process, once loaded, has built the search vocabulary and set its start-up objects aside from the
garbage collector, whose youngest generation it collects less often (``govtech.wsgi``, #19)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_the_wsgi_module_settles_the_process() -> None:
    script = (
        "import gc, govtech.wsgi\n"
        "from startups import vocabulary\n"
        "print(gc.get_threshold()[0], gc.get_freeze_count(), vocabulary.vocabulary.cache_info().currsize)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "govtech.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    young, frozen, built = (int(x) for x in done.stdout.split()[-3:])
    assert young == 10_000  # a request's own objects are not collected (and promoted) many times over
    assert frozen > 100_000  # Django's modules, URL patterns, the vocabulary: no longer scanned by each collection
    assert built == 1
