"""GCM Tracker settings, driven by environment variables (see .env.example).

With no variables set and DJANGO_DEBUG=true the app runs on its embedded
default: a SQLite file in the project directory, Celery tasks run inline and
a local-memory cache. Production sets DATABASE_URL (PostgreSQL), REDIS_URL and
DJANGO_SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env is read when present; real environment variables win.
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Counts in each language's digits grouping (intcomma on the dashboard).
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    # Security (issue 12): sign-in lockout, TOTP second factor, Swagger UI's own files.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "drf_spectacular_sidecar",
    "gcm_tracker",
    "objectives",
    "pledges",
    "reviews",
    # Feature apps that span the others: the apps above register their kinds with them.
    "exports",
    "reminders",
    # The public change log every app's services write to (GET /api/v1/changes/).
    "changes",
    # A person's own settings: the preferred language of their pages and e-mails.
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First, so that every response carries the policy (static files and errors too).
    "csp.middleware.CSPMiddleware",
    # Conditional GET for every read: a response's ETag (a row's version on the API's
    # detail reads, core/etags.py; a hash of the body otherwise) or Last-Modified that
    # the client already holds is a 304 without the body. Before anything that
    # rewrites the body, so that the tag is the body's.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the layers below produce, except a signed-in user's pages (BREACH:
    # core/compression.py). Static files come compressed from WhiteNoise.
    "core.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An anonymous GET reads from the replica, when DATABASE_REPLICA_URL names one.
    "core.db_router.PublicReadsMiddleware",
    # A signed-in user's preferred language, unless the URL's prefix says otherwise.
    "accounts.middleware.PreferredLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A second factor for staff on /admin/, and for anyone who turned it on.
    "core.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A DataError from a value in the request: 400 and logged, never a 500.
    "core.middleware.DataErrorMiddleware",
    # Last: turns a sign-in refused by the lockout into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gcm_tracker.urls"
WSGI_APPLICATION = "gcm_tracker.wsgi.application"
ASGI_APPLICATION = "gcm_tracker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gcm_tracker" / "templates"],
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

# --- Data stores -----------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new PostgreSQL connection costs more than most queries (the
# detail page was 41x its SQL with one per request). Checked before reuse, so a
# connection the server closed is replaced instead of failing the request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
# A read replica (optional): anonymous GET requests read from it, everything else from
# the primary (core/db_router.py). Same options as the primary.
if DATABASE_REPLICA_URL := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": DATABASES["default"]["CONN_HEALTH_CHECKS"],
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gcm",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public API reads are answered from the cache for up to this long, keyed by a
# data version every publishing write moves on (core/public_cache.py): never stale.
# 0 turns the cache off.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=600)

# `make bench` only: route /bench/bare, the bare JSON view it measures against.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)

# --- Celery ------------------------------------------------------------------

# Without Redis, tasks run inline so the app needs no service to run.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Redis hands an unacknowledged message to another worker after this long. Tasks that
# acknowledge late (those safe to repeat, see gcm_tracker/celery.py) must finish well
# within it, or a long export would run twice: it is twice the longest time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
# Publishing to a Redis that blinks: a few quick tries, then the caller hears of it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 3,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 2,
}
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Review deadlines and quiet pledges; each reminder is sent once whatever the runs.
    "send-reminders": {
        "task": "reminders.tasks.send_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Followers' digests of yesterday's public changes; each sent once per person and day.
    "send-follow-digests": {
        "task": "pledges.tasks.send_follow_digests",
        "schedule": crontab(hour=6, minute=15),
    },
    "delete-old-exports": {
        "task": "exports.tasks.delete_old_exports",
        "schedule": crontab(hour=3, minute=30),
    },
    # Writes refresh the dashboard within seconds; this catches anything they missed
    # (a change made in the admin, a lost message).
    "refresh-dashboard-stats": {
        "task": "pledges.tasks.refresh_dashboard_stats",
        "schedule": crontab(minute=15),
    },
    # The public record frozen the day after a review event (issue 19).
    "snapshot-passed-events": {
        "task": "reviews.tasks.snapshot_passed_events",
        "schedule": crontab(hour=0, minute=30),
    },
}

# --- Background work -----------------------------------------------------------

# Links in e-mails need the site's address; a worker has no request to take it from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Finished exports are deleted after this many days (the beat task above).
EXPORTS_KEEP_DAYS = env.int("EXPORTS_KEEP_DAYS", default=7)

# --- Auth --------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Focal points sign in on the site's own pages; staff reach the admin from there too.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/workspace/"

# --- I18n --------------------------------------------------------------------

LANGUAGE_CODE = "en"
# The six UN languages; English is the source, the catalogues are under locale/ (`make
# messages`). Which one a request gets: accounts/languages.py.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in each language's own way; English's day-first (gcm_tracker/formats/).
FORMAT_MODULE_PATH = ["gcm_tracker.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files (evidence, exports, imports) go to MEDIA_ROOT on this host, or, with
# DJANGO_S3_BUCKET set, to an S3-compatible object store (django-storages), so several
# web hosts and workers share them. Credentials come the standard AWS way (environment
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the host's role); DJANGO_S3_ENDPOINT_URL
# names a non-AWS store (MinIO, Ceph, a provider's). Files stay private: the app serves
# them after its own permission check, never by a public URL.
S3_BUCKET = env.str("DJANGO_S3_BUCKET", default="")
if S3_BUCKET:
    _default_storage: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": env.str("DJANGO_S3_PREFIX", default="media"),
            "region_name": env.str("DJANGO_S3_REGION", default="") or None,
            "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # Signature version 4: what AWS and the S3-compatible stores ask today.
            "signature_version": "s3v4",
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Supporting documents may be up to 25 MB; leave room for the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An Office or ODF upload (a zip) that would unpack to more than this, or that is
# compressed more than this ratio to 1, is refused as a zip bomb (pledges/files.py).
PLEDGE_MAX_UNCOMPRESSED_BYTES = env.int("PLEDGE_MAX_UNCOMPRESSED_MB", default=200) * 1024 * 1024
PLEDGE_MAX_COMPRESSION_RATIO = env.int("PLEDGE_MAX_COMPRESSION_RATIO", default=100)
# A progress update the Network disputes is shown to the pledge's focal points first:
# staff may make the dispute public once they have replied, or once this many days
# have passed without a reply (pledges.services.progress_update_dispute_publish).
PROGRESS_DISPUTE_RESPONSE_DAYS = env.int("PROGRESS_DISPUTE_RESPONSE_DAYS", default=14)
# How long the one-click unsubscribe link of a follow digest stays valid.
FOLLOW_UNSUBSCRIBE_MAX_AGE_DAYS = env.int("FOLLOW_UNSUBSCRIBE_MAX_AGE_DAYS", default=90)

# `manage.py backup` / `restore` (core/backup.py) run PostgreSQL's pg_dump and
# pg_restore: from this directory, or from PATH when empty.
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")

# --- E-mail --------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GCM Tracker <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (compose's deployment),
# Django knows a request came over HTTPS. Set it empty when clients reach Django
# directly: then nobody can claim HTTPS with a header.
_proxy_ssl_header = env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO")
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
# Production redirects HTTP to HTTPS and tells browsers to keep to HTTPS (HSTS). Turn the
# redirect off only where the proxy in front already redirects (or cannot say that a
# request came over HTTPS, which would loop).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): the site's own scripts, styles, images and fonts
# only; no inline script or style, no framing, forms post to the site only. Swagger UI
# (/api/docs/) is served from the project (drf-spectacular-sidecar) and fits too; its
# SVG icons are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sign-in lockout (django-axes) on /accounts/login/, /admin/login/ and the API's token
# endpoint: AXES_FAILURE_LIMIT wrong passwords for one username from one IP address lock
# that pair out (429) until AXES_COOLOFF_MINUTES have passed since the last failure. Keyed
# on the pair, so that an attacker can neither lock a focal point out from elsewhere nor
# lock out a ministry's shared address. Every failure and lockout is logged (logger
# "axes") and kept in the admin (Axes: access attempts, access failures).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout does not restart the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# A page in the site's language, 429 with Retry-After (core/lockout.py).
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# Proxies in front of Django that append to X-Forwarded-For (compose's TLS proxy: 1).
# With 0 the client's address is REMOTE_ADDR. The API throttles count the same way.
NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if NUM_PROXIES else ["REMOTE_ADDR"]
)

# Second factor (django-otp, TOTP). Network staff must verify a TOTP device to use
# /admin/ (they set one up at /accounts/two-factor/); anyone else may turn it on there,
# after which their sign-ins ask for it. Tests turn the staff rule off, except the tests
# of it.
OTP_ADMIN_REQUIRED = env.bool("DJANGO_OTP_ADMIN_REQUIRED", default=True)
OTP_TOTP_ISSUER = "GCM Tracker"

# Password reset by e-mail: at most this many requests per address, and per client IP,
# in the period (N/period, period one of second, minute, hour, day).
PASSWORD_RESET_RATE_PER_EMAIL = env.str("PASSWORD_RESET_RATE_PER_EMAIL", default="3/hour")
PASSWORD_RESET_RATE_PER_CLIENT = env.str("PASSWORD_RESET_RATE_PER_CLIENT", default="10/hour")

# --- API -----------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.tokens.SecondFactorTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "gcm_tracker.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # drf-spectacular's, with the error answers, ETag and If-Match of every route.
    "DEFAULT_SCHEMA_CLASS": "gcm_tracker.api.schema.AutoSchema",
    # JSON nested deeper than API_JSON_MAX_DEPTH is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Rate limits, answered 429 with Retry-After: anonymous clients by IP, signed-in
    # ones by user, and the token endpoint (scope "auth") strictly, by IP.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttles.AnonRateThrottle",
        "core.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="300/minute"),
        "auth": env.str("API_THROTTLE_AUTH", default="10/minute"),
    },
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "gcm_tracker.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)

SPECTACULAR_SETTINGS = {
    "TITLE": "GCM Tracker API",
    "DESCRIPTION": (
        "Read the Global Compact for Safe, Orderly and Regular Migration (objectives, "
        "actions, guiding principles), the pledges made under it and their progress, "
        "and the review cycles. Published data is public; writes need a token "
        "(POST /api/v1/auth/token/) or a session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI's files come from the project (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two models call a field `kind`: give each enum its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "pledges.models.Actor.Kind",
        "ReviewEventKindEnum": "reviews.models.ReviewEvent.Kind",
        "ExportKindEnum": "exports.registry.kind_choices",
        # Two different choice sets named source_kind: an indicator value's and a
        # target value's.
        "IndicatorValueSourceKindEnum": "reviews.models.IndicatorValue.SourceKind",
        "TargetValueSourceKindEnum": "reviews.models.TargetValue.SourceKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
