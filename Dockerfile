# Production image: gunicorn serves the portal, whitenoise its static files.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=govtech.settings.production
WORKDIR /app
RUN useradd --system --uid 10001 --home /app portal
COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r requirements/base.lock
COPY . .
# Static files and compiled translations are part of the image; settings need only harmless values to build.
RUN SECRET_KEY=build-only-build-only-build-only-build-only-build-only-build ALLOWED_HOSTS=build \
    MFA_ENCRYPTION_KEYS=YnVpbGQtb25seS1idWlsZC1vbmx5LWJ1aWxkLW9ubHk= \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && SECRET_KEY=build-only-build-only-build-only-build-only-build-only-build ALLOWED_HOSTS=build \
    MFA_ENCRYPTION_KEYS=YnVpbGQtb25seS1idWlsZC1vbmx5LWJ1aWxkLW9ubHk= \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py compiletranslations \
 && mkdir -p /app/var/uploads && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "govtech.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
