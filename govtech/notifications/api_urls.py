from __future__ import annotations

from django.urls import path

from govtech.notifications import api

urlpatterns = [
    path("notifications/", api.InboxList.as_view(), name="notifications-inbox"),
    path("notifications/<int:pk>/read/", api.InboxRead.as_view(), name="notifications-read"),
    path("notifications/read-all/", api.InboxReadAll.as_view(), name="notifications-read-all"),
    path("notifications/unread-count/", api.UnreadCount.as_view(), name="notifications-unread-count"),
    path("notifications/preferences/", api.Preferences.as_view(), name="notifications-preferences"),
    path("notifications/webhooks/", api.WebhookListCreate.as_view(), name="notifications-webhooks"),
    path("notifications/webhooks/<int:pk>/", api.WebhookDetail.as_view(), name="notifications-webhook"),
    path(
        "notifications/webhooks/<int:pk>/deliveries/",
        api.WebhookDeliveries.as_view(),
        name="notifications-webhook-deliveries",
    ),
]
