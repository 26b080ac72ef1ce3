"""Settings for Partnership Workshop; every value comes from an environment variable (see README)."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from workshop import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.boolean("DJANGO_DEBUG", default=False)
SECRET_KEY = env.secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development).")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = env.listing("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.listing("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "patterns",
    "workshop.accounts",
    "workshop.facilitation",
    "workshop.facilitation.live",
    "workshop.steps.notes",
    "workshop.steps.mapping",
    "workshop.steps.alignment",
    "workshop.steps.governance",
    "workshop.steps.pilot",
    "workshop.steps.scale",
    "workshop.charter",
    "workshop.interchange",
    "workshop.languages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "workshop.security.ContentSecurityPolicyMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: a sync-only middleware innermost keeps the whole chain synchronous under ASGI. Below an
    # async-capable one, each request would hop between threads and the event loop four more times.
    # Gives the team or workshop a request may have changed a new revision (shared step fragments).
    "workshop.steps.fragments.RevisionMiddleware",
    "workshop.languages.middleware.LanguageMiddleware",
]

ROOT_URLCONF = "workshop.urls"
ASGI_APPLICATION = "workshop.asgi.application"
WSGI_APPLICATION = "workshop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or any dj-database-url URL) through DATABASE_URL.
DATABASE_URL = env.string("DATABASE_URL")
DATABASE_POOL_SIZE = env.integer("DJANGO_DB_POOL_SIZE", 20)
# How many requests of one process run their Django code at once (workshop.asgi); the rest wait.
REQUEST_THREADS = max(1, env.integer("DJANGO_REQUEST_THREADS", 4))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL_SIZE:
        # Under ASGI every request runs its sync code in a thread of its own: a pool keeps a crowd of
        # phones from opening more connections than PostgreSQL allows (they wait for one instead).
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 2,
            "max_size": DATABASE_POOL_SIZE,
            "timeout": 20,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.string("DJANGO_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # IMMEDIATE transactions and a busy timeout let concurrent writers queue, not fail.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Kept open by the request threads that workshop.asgi reuses (PostgreSQL pools instead).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # A file, not :memory:, so the ASGI server thread of browser tests sees the same data.
            "TEST": {"NAME": os.path.join(tempfile.gettempdir(), f"pw-test-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries live events, presence and rate limits across processes when REDIS_URL is set.
REDIS_URL = env.string("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.string("DJANGO_CACHE_PREFIX", "pw"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# English ships first; every shipped language is complete (tests/languages checks the catalogues).
LANGUAGES = [("en", _("English")), ("de", _("German")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["workshop.formats"]
TIME_ZONE = env.string("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Serve from the finders too, so a fresh clone needs no collectstatic step.
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = DEBUG

# Stored charter PDFs of published versions; never served as public files (downloads check access).
MEDIA_ROOT = env.string("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env.string("DJANGO_EMAIL_HOST")
EMAIL_PORT = env.integer("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env.string("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.secret("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("DJANGO_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.string("DJANGO_DEFAULT_FROM_EMAIL", "workshop@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# HTTPS hardening: on by default outside development; DJANGO_HTTPS=false only behind a trusted proxy
# that does its own redirects.
HTTPS = env.boolean("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.boolean("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions carry a participant's identity and are read on every request: cache first, database behind.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # participants come back to a workshop over weeks

# Uploaded pattern files are at most 1 MB each (see patterns.forms).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF render at INFO; keep their warnings only.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
