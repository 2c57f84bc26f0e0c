"""The Govtech Portal project package: configuration and shared plumbing."""

from govtech.celery import app as celery_app

__all__ = ["celery_app"]
