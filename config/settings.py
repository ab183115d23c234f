"""Brobygger settings: one module, read from the environment, with safe development defaults.

Every value that differs between a developer's machine and production is an environment
variable; see docs/deploy.md for the full list.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


DEBUG = env_bool("BROBYGGER_DEBUG", False)
# The development key is only used when no key is given and DEBUG-style local runs; production
# refuses to start without BROBYGGER_SECRET_KEY (see config/checks.py).
SECRET_KEY = env("BROBYGGER_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = env_list("BROBYGGER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("BROBYGGER_CSRF_TRUSTED_ORIGINS", "")
PRODUCTION = env_bool("BROBYGGER_PRODUCTION", False)
SITE_URL = env("BROBYGGER_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "core",
    "people",
    "agreements",
    "education",
    "referrals",
    "support",
    "courses",
    "wards",
    "conversations",
    "feedback",
    "reports",
    "costs",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.IdleTimeoutMiddleware",
    "core.middleware.TwoFactorMiddleware",
    "core.middleware.CurrentOrganisationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.DkfdsFormRenderer"

# Database: SQLite under var/ by default, PostgreSQL when DATABASE_URL-style settings are given.
DB_ENGINE = env("BROBYGGER_DB", "sqlite")
if DB_ENGINE == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("BROBYGGER_DB_NAME", "brobygger"),
            "USER": env("BROBYGGER_DB_USER", "postgres"),
            "PASSWORD": env("BROBYGGER_DB_PASSWORD", ""),
            "HOST": env("BROBYGGER_DB_HOST", "127.0.0.1"),
            "PORT": env("BROBYGGER_DB_PORT", "5432"),
            "CONN_MAX_AGE": int(env("BROBYGGER_DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": env("BROBYGGER_TEST_DB_NAME", "test_brobygger")},
        }
    }
else:
    SQLITE_PATH = Path(env("BROBYGGER_SQLITE_PATH", str(BASE_DIR / "var" / "brobygger.sqlite3")))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("BROBYGGER_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "public:home"

# Brute force: lock an account+address after five failures for one hour.
AXES_FAILURE_LIMIT = int(env("BROBYGGER_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(env("BROBYGGER_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("BROBYGGER_AXES_ENABLED", True)
# How many reverse proxies of our own stand in front of the app (see core/net.py and docs/deploy.md).
TRUSTED_PROXY_COUNT = int(env("BROBYGGER_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

# Sessions end after idle time (minutes) and with the browser.
IDLE_TIMEOUT_MINUTES = int(env("BROBYGGER_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Internationalisation: Danish first.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]  # each language named in itself
LOCALE_PATHS = [BASE_DIR / "locale"]  # the project catalogue; each app has its own <app>/locale/
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "brobygger_language"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("BROBYGGER_STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
MEDIA_ROOT = Path(env("BROBYGGER_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail (Django's MAILERS): console in development, SMTP from the environment in production.
EMAIL_BACKEND_PATH = env(
    "BROBYGGER_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
_mailer: dict[str, object] = {"BACKEND": EMAIL_BACKEND_PATH}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mailer["OPTIONS"] = {
        "host": env("BROBYGGER_EMAIL_HOST", "localhost"),
        "port": int(env("BROBYGGER_EMAIL_PORT", "25")),
        "username": env("BROBYGGER_EMAIL_USER", ""),
        "password": env("BROBYGGER_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("BROBYGGER_EMAIL_TLS", False),
        "timeout": 20,
    }
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env("BROBYGGER_FROM_EMAIL", "Brobygger <noreply@brobygger.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: Django's tasks framework with the database backend; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env("BROBYGGER_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Field encryption: comma-separated Fernet keys, newest first (rotation: add a new key first,
# run `manage.py rotate_encryption_keys`, then drop the old one). HMAC key for CPR look-ups.
FIELD_ENCRYPTION_KEYS = env_list("BROBYGGER_FIELD_ENCRYPTION_KEYS", "ZGV2LW9ubHktZmllbGQta2V5LWRvLW5vdC11c2UtISE=")
LOOKUP_HMAC_KEY = env("BROBYGGER_LOOKUP_HMAC_KEY", "dev-only-hmac-key-change-me")

# Audit log retention (days) for the scheduled purge.
AUDIT_RETENTION_DAYS = int(env("BROBYGGER_AUDIT_RETENTION_DAYS", str(5 * 365)))

# Security headers and Content-Security-Policy (no 'unsafe-inline').
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("BROBYGGER_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("BROBYGGER_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("BROBYGGER_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Roles that may see citizens' personal data must log in with two factors.
OTP_TOTP_ISSUER = "Brobygger"
REQUIRE_TWO_FACTOR = env_bool("BROBYGGER_REQUIRE_TWO_FACTOR", True)

# Retention and questionnaire settings (days unless named otherwise); see docs/deploy.md.
PEER_APPLICATION_RETENTION_DAYS = int(env("BROBYGGER_PEER_APPLICATION_RETENTION_DAYS", "180"))
CONTACT_MESSAGE_RETENTION_DAYS = int(env("BROBYGGER_CONTACT_MESSAGE_RETENTION_DAYS", "365"))
FEEDBACK_LINK_DAYS = int(env("BROBYGGER_FEEDBACK_LINK_DAYS", "14"))
FEEDBACK_REMINDER_DAYS = int(env("BROBYGGER_FEEDBACK_REMINDER_DAYS", "3"))
# Results of smaller groups than this are not shown, so that no one can be recognised.
FEEDBACK_MINIMUM_GROUP = int(env("BROBYGGER_FEEDBACK_MINIMUM_GROUP", "5"))
