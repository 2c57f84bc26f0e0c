from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Developer tools: the embedded servers, ``runportal``, the demo data, seeders, benchmarks and evaluations.

    The top layer: it may use every app and nothing imports it. Installed by the dev and test settings only, and
    left out of the production image (``.dockerignore``).
    """

    name = "govtech.devtools"
    label = "devtools"
    verbose_name = "Developer tools"
