"""The web process's application, and what the process does once it has loaded.

The search vocabulary (glossary, taxonomy, 9,000 CPV labels in three languages) takes about 2 s to build: it is
built as the process starts, not on its first search (a worker's first visitor waited for it).

Then the start-up's objects are set aside from the garbage collector. A Django process holds about a million
long-lived objects (modules, URL patterns, compiled templates, the vocabulary); CPython's full collections walked
all of them every few requests of a staff page, and took its slowest requests from about 240 to about 480 ms
(``profile_page decide``, #19). ``gc.freeze()`` moves what exists at start-up to a generation the collector no longer
scans, as CPython's documentation advises for servers; nothing is disabled and new garbage is collected as before.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govtech.settings.dev")
application = get_wsgi_application()

from startups import vocabulary  # noqa: E402  (after Django is set up)

vocabulary.vocabulary()
gc.collect()
gc.freeze()
YOUNG_THRESHOLD = 10_000
gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
