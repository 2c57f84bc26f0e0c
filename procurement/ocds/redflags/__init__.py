"""Procurement red flags computed from OCDS compiled records: patterns worth a second look, never accusations.

Pure Python, no ORM. The engine (``engine``) works in three passes: a compact summary of each process
(``facts``), fences and groups per country (``aggregates``), then each process's flags with their evidence
(``indicators``). Thresholds per country and procurement method come from ``thresholds``; files are read by
``sources``. The methodology is ``docs/red-flags.md``.
"""
