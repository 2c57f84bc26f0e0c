import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govtech.settings.dev")
application = get_wsgi_application()

# The search vocabulary (glossary, taxonomy, 9,000 CPV labels in three languages) takes about 2 s to build: build it
# as the web process starts, not on its first search (a worker's first visitor waited for it).
from startups import vocabulary  # noqa: E402  (after Django is set up)

vocabulary.vocabulary()
