from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from govtech.core.pagecache import public_page


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"persona_blocks": home_blocks(request)})


HomeBlocks = Callable[[HttpRequest], list[str]]
_HOME_BLOCKS: list[tuple[int, HomeBlocks]] = []


def register_home_blocks(blocks: HomeBlocks, *, order: int) -> None:
    """Let an app add to the home page (from its ``AppConfig.ready``): ``blocks(request)`` returns rendered
    fragments suited to the visitor's persona; lower ``order`` comes first."""
    if all(existing is not blocks for _order, existing in _HOME_BLOCKS):
        _HOME_BLOCKS.append((order, blocks))
        _HOME_BLOCKS.sort(key=lambda entry: entry[0])


def home_blocks(request: HttpRequest) -> list[str]:
    """The home page's blocks, in the registered order."""
    return [block for _order, blocks in _HOME_BLOCKS for block in blocks(request)]


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {"breadcrumbs": [(_("About the portal"), None)]})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, plus remembering the choice on the signed-in user.

    Django translates ``next`` only when it resolves in the active language, so the
    language of ``next``'s own prefix is activated first (``/es/...`` → ``/en/...``).
    """
    next_language = translation.get_language_from_path(request.POST.get("next", "")) or translation.get_language()
    with translation.override(next_language):
        response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
