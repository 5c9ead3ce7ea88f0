"""Hetao settings: one module, driven by the environment, with safe defaults.

Everything a deployment changes comes from ``HETAO_*`` environment variables; see docs/operations.md.
Secrets that are absent are generated once into the ``var/`` directory so that a fresh clone runs the
demo with nothing to configure, while production sets them from its secret store.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from hetao.config.env import env_bool, env_list, secret_from_env_or_file

SRC_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("HETAO_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("HETAO_DEBUG", default=False)
TESTING = env_bool("HETAO_TESTING", default=False)

SECRET_KEY = secret_from_env_or_file("HETAO_SECRET_KEY", VAR_DIR, kind="django")
# Key for encrypting sensitive personal data at rest (AES-GCM, 32 bytes, base64).
HETAO_DATA_KEY = secret_from_env_or_file("HETAO_DATA_KEY", VAR_DIR, kind="aes256")
# Key for the keyed hashes that find duplicate identity documents without decrypting them.
HETAO_LOOKUP_KEY = secret_from_env_or_file("HETAO_LOOKUP_KEY", VAR_DIR, kind="aes256")
# Ed25519 private key (base64, raw 32 bytes) that signs audit-ledger checkpoints.
HETAO_AUDIT_SIGNING_KEY = secret_from_env_or_file("HETAO_AUDIT_SIGNING_KEY", VAR_DIR, kind="ed25519")

# The zone this installation runs: a TOML file (see zones/hetao.toml).
HETAO_ZONE_FILE = os.environ.get("HETAO_ZONE_FILE", str(SRC_DIR / "zones" / "hetao.toml"))

ALLOWED_HOSTS = env_list("HETAO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("HETAO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "hetao.core",
    "hetao.audit",
    "hetao.zone",
    "hetao.accounts",
    "hetao.screening",
    "hetao.experts",
    "hetao.programmes",
    "hetao.evaluation",
    "hetao.funding",
    "hetao.projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hetao.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "hetao.config.urls"
WSGI_APPLICATION = "hetao.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hetao.core.context_processors.zone",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("HETAO_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hetao.sqlite3'}",
        # Tests keep no persistent connections: a live server's request threads must not outlive the test database.
        conn_max_age=int(os.environ.get("HETAO_DB_CONN_MAX_AGE", "0" if TESTING else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing with "database is locked" on lock upgrade.
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks -----------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "HETAO_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- Authentication -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hetao.accounts.passwords.CharacterClassValidator"},
]
if TESTING:
    # Hashing strength is not under test; a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
SESSION_COOKIE_AGE = int(os.environ.get("HETAO_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
# Failed logins: after this many failures for one username (or one address) inside the window, refuse
# further attempts until the window has passed.
HETAO_LOGIN_MAX_FAILURES = int(os.environ.get("HETAO_LOGIN_MAX_FAILURES", "5"))
HETAO_LOGIN_WINDOW_SECONDS = int(os.environ.get("HETAO_LOGIN_WINDOW_SECONDS", "900"))
HETAO_API_TOKEN_DAYS = int(os.environ.get("HETAO_API_TOKEN_DAYS", "90"))

# --- Languages and time ---------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
]
LOCALE_PATHS = [SRC_DIR / "locale"]
# Our own number formats for Chinese: Django's have no thousands separator (¥1234.50 rather than ¥1,234.50).
FORMAT_MODULE_PATH = ["hetao.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("HETAO_TIME_ZONE", "Asia/Hong_Kong")
LANGUAGE_COOKIE_NAME = "hetao_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Proposal attachments (PDF only, checked by content) may be at most this large.
PROGRAMMES_MAX_ATTACHMENT_MB = int(os.environ.get("HETAO_MAX_ATTACHMENT_MB", "10"))
PROJECTS_MAX_RECEIPT_MB = int(os.environ.get("HETAO_MAX_RECEIPT_MB", "10"))
# The fairness mode of reviewer assignment is NP-hard: each of its two stages stops after this many seconds
# with the best assignment found, marked as not proven optimal.
HETAO_FAIR_TIME_LIMIT = float(os.environ.get("HETAO_FAIR_TIME_LIMIT", "60"))
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- Security -------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; the cookie stays default
_production = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("HETAO_SSL_REDIRECT", default=_production)
SESSION_COOKIE_SECURE = env_bool("HETAO_SECURE_COOKIES", default=_production)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("HETAO_HSTS_SECONDS", str(31536000 if _production else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _production
SECURE_HSTS_PRELOAD = _production
HETAO_BEHIND_PROXY = env_bool("HETAO_BEHIND_PROXY", default=False)
if HETAO_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging --------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HETAO_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR" if TESTING else "WARNING"}},
}

EMAIL_BACKEND = os.environ.get("HETAO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("HETAO_FROM_EMAIL", "hetao@localhost")
