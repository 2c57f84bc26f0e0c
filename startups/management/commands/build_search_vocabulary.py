"""`manage.py build_search_vocabulary`: rewrite startups/search_vocabulary/cpv_words.json from the CPV 2008 labels."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from startups import vocabulary


class Command(BaseCommand):
    help = "Align single words across the es/pt/en CPV 2008 labels for cross-language search."

    def handle(self, *args: Any, **options: Any) -> None:
        entries = vocabulary.build_cpv_words()
        description = (
            "Words aligned across the Spanish, Portuguese and English CPV 2008 labels "
            "(built by manage.py build_search_vocabulary; do not edit by hand)"
        )
        lines = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in entries)
        text = f'{{"description": {json.dumps(description)},\n"words": [\n{lines}\n]}}\n'
        vocabulary.CPV_WORDS.write_text(text, encoding="utf-8")
        self.stdout.write(f"{len(entries)} aligned words written to {vocabulary.CPV_WORDS}")
