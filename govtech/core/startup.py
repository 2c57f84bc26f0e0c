"""What a web process does once it has loaded: the search vocabulary built, and the objects of the start-up set
aside from the garbage collector.

A Django process holds about a million long-lived objects (modules, URL patterns, compiled templates, the
vocabulary). CPython's full collections walk all of them; one ran every few requests of a staff page and took
its slowest requests from about 240 to about 480 ms (``profile_page decide``, #19). ``gc.freeze()`` moves what
exists at start-up to a generation the collector no longer scans, as CPython's documentation advises for
servers; nothing is disabled and new garbage is collected as before.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Build what the first visitor would otherwise wait for, then freeze the start-up's objects."""
    from startups import vocabulary  # noqa: PLC0415  (needs the apps loaded)

    # The search vocabulary (glossary, taxonomy, 9,000 CPV labels in three languages) takes about 2 s to build:
    # as the process starts, not on its first search (a worker's first visitor waited for it).
    vocabulary.vocabulary()
    gc.collect()
    gc.freeze()
