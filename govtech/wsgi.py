"""The web process's application, and what the process does once it has loaded.

The search vocabulary (glossary, taxonomy, 9,000 CPV labels in three languages) takes about 2 s to build: it is
built as the process starts, not on its first search (a worker's first visitor waited for it).

Then the start-up's objects are set aside from the garbage collector. A Django process holds some 200,000
long-lived objects (modules, URL patterns, compiled templates, the vocabulary); CPython's full collections walked
all of them every few requests of a staff page, and took its slowest requests from about 240 to about 480 ms
(``profile_page decide``, #19). ``gc.freeze()`` moves what exists at start-up to a generation the collector no longer
scans, as CPython's documentation advises for servers; nothing is disabled and new garbage is collected as before.

And the youngest generation is collected every ``YOUNG_THRESHOLD`` new objects rather than 700: one search allocates
tens of thousands, so CPython collected several times per request while the request still held its objects,
promoted them, and the full collections that followed (40-75 ms) were the slowest 5% of searches. With 10,000 no full
collection ran in 300 varied-word API searches and the decision page's p95 went from about 100 to 82 ms in process
(``profile_page --slowest`` shows each slow request's collection time); 50,000 and 100,000 gave longer pauses.
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
