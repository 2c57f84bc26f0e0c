"""Static files storage: whitenoise's compressed, hashed manifest, without source-map rewriting.

The vendored bundles (govuk-frontend, redoc) end with ``sourceMappingURL`` comments naming maps we do not
ship; Django's manifest storage would refuse them and ``collectstatic`` (the Docker build, ``bench_web``)
would fail. Only CSS ``url()`` and ``@import`` references are rewritten to hashed names.
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (("*.css", tuple(p for p in HashedFilesMixin.patterns[0][1] if "sourceMappingURL" not in str(p))),)
