"""HTML pages: the inbox, preferences, one-click unsubscribe, webhooks and saved searches."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govtech.core.errors import ApplicationError
from govtech.notifications import saved_searches, selectors, services, webhooks
from govtech.notifications.forms import PreferencesForm, SavedSearchForm, WebhookForm
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification, SavedSearch, WebhookSubscription
from govtech.notifications.rendering import render_message
from govtech.notifications.unsubscribe import ALL_KINDS, read_unsubscribe_token
from govtech.notifications.waiting import remember_count, waiting_groups

PAGE_SIZE = 25


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Inbox"), reverse("notifications:inbox")), *items]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [(n, render_message(n.kind, n.context)) for n in page.object_list]
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "entries": entries,
            "unread": selectors.unread_count(request.user),
            "breadcrumbs": [(_("Inbox"), None)],
        },
    )


@login_required
@require_GET
def needs_you(request: HttpRequest) -> HttpResponse:
    """Every task that waits for this person, grouped by kind, each with the link to act."""
    groups = waiting_groups(request.user)
    remember_count(request.user, sum(group.total for group in groups))  # the header agrees with the list below
    return render(request, "notifications/needs_you.html", {"groups": groups, "breadcrumbs": [(_("Needs you"), None)]})


def _safe_target(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    if url.startswith(settings.SITE_URL + "/"):
        return url
    return reverse("notifications:inbox")


@login_required
def inbox_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow an inbox entry to its subject, marking it read on the way."""
    notification = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return HttpResponseRedirect(_safe_target(request, notification.url))


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    url = reverse("notifications:inbox")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return _back_to_inbox(request)


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_inbox(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    grid = selectors.preference_grid(request.user)
    form = PreferencesForm(request.POST or None, grid=grid)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_update(actor=request.user, choices=form.choices())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "breadcrumbs": _crumbs((_("Notification preferences"), None))},
    )


@csrf_exempt  # RFC 8058 one-click: mail providers POST without a session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or (kind != ALL_KINDS and kind not in Kind.values):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind_label = _("all kinds of event") if kind == ALL_KINDS else Kind(kind).label
    if request.method == "POST":
        services.preference_unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", {"kind_label": kind_label})
    return render(request, "notifications/unsubscribe.html", {"kind_label": kind_label, "token": token})


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/webhooks.html",
        {"subscriptions": selectors.webhooks_for(request.user), "breadcrumbs": _crumbs((_("Webhooks"), None))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def webhook_create(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = webhooks.webhook_subscribe(
                actor=request.user,
                target_url=form.cleaned_data["target_url"].strip(),
                kinds=form.cleaned_data["kinds"],
                organisation=form.organisation(),
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # The only time the secret is shown: rendered, never redirected through a stored message.
            return render(
                request,
                "notifications/webhook_created.html",
                {
                    "subscription": subscription,
                    "signature_header": webhooks.SIGNATURE_HEADER,
                    "breadcrumbs": _crumbs(
                        (_("Webhooks"), reverse("notifications:webhooks")), (_("New webhook"), None)
                    ),
                },
            )
    return render(
        request,
        "notifications/webhook_form.html",
        {
            "form": form,
            "breadcrumbs": _crumbs((_("Webhooks"), reverse("notifications:webhooks")), (_("New webhook"), None)),
        },
    )


@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(selectors.webhooks_for(request.user), pk=pk)
    deliveries = Paginator(subscription.deliveries.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/webhook_detail.html",
        {
            "subscription": subscription,
            "page": deliveries,
            "signature_header": webhooks.SIGNATURE_HEADER,
            "breadcrumbs": _crumbs((_("Webhooks"), reverse("notifications:webhooks")), (subscription.target_url, None)),
        },
    )


@login_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription: WebhookSubscription = get_object_or_404(selectors.webhooks_for(request.user), pk=pk)
    webhooks.webhook_delete(actor=request.user, subscription=subscription)
    messages.success(request, _("The webhook was deleted."))
    return redirect("notifications:webhooks")


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    searches = SavedSearch.objects.visible_to(request.user)
    scope_labels = {name: scope.label for name, scope in saved_searches.scopes().items()}
    rows: list[dict[str, Any]] = [{"search": s, "scope_label": scope_labels.get(s.scope, s.scope)} for s in searches]
    return render(
        request,
        "notifications/saved_searches.html",
        {"rows": rows, "breadcrumbs": _crumbs((_("Saved searches"), None))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(
        request.POST or None, initial={"scope": request.GET.get("scope", ""), "params": request.GET.get("params", "{}")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved_searches.saved_search_create(
                actor=request.user,
                scope=form.cleaned_data["scope"],
                name=form.cleaned_data["name"],
                params=form.cleaned_data["params"],
                frequency=form.cleaned_data["frequency"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in ("name", "frequency") else None, exc.message)
        else:
            messages.success(request, _("The search is saved. We will tell you about new results."))
            return redirect("notifications:saved_searches")
    return render(
        request,
        "notifications/saved_search_form.html",
        {
            "form": form,
            "breadcrumbs": _crumbs(
                (_("Saved searches"), reverse("notifications:saved_searches")), (_("Save a search"), None)
            ),
        },
    )


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch.objects.visible_to(request.user), pk=pk)
    saved_searches.saved_search_delete(actor=request.user, search=search)
    messages.success(request, _("The saved search was deleted."))
    return redirect("notifications:saved_searches")
