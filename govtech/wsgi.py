import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govtech.settings.dev")
application = get_wsgi_application()

from govtech.core.startup import settle  # noqa: E402  (after Django is set up)

settle()  # the vocabulary built and the start-up's objects set aside from the collector
