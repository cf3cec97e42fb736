"""Chrysalis settings, driven by environment variables (see .env.example).

CHRYSALIS_ENV=development (default), test, staging or production; any other value refuses to start
(a typo such as `Production` must not silently run development settings). Production refuses to
start with DEBUG on, a default/missing SECRET_KEY or missing ALLOWED_HOSTS. SQLite by default;
PostgreSQL via DATABASE_URL.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

from config.checks import DEV_SECRET_KEY, check_environment, check_production_settings
from config.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

ENVIRONMENT = check_environment(env_str("CHRYSALIS_ENV", "development"))
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("CHRYSALIS_DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str("CHRYSALIS_SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("CHRYSALIS_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION:
    check_production_settings(debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "chrysalis.core",
    "chrysalis.accounts",
    "chrysalis.audit",
    "chrysalis.jobs",
    "chrysalis.enterprises",
    "chrysalis.cultivation",
    "chrysalis.screening",
    "chrysalis.support",
    "chrysalis.investment",
    "chrysalis.notices",
    "chrysalis.events",
    "chrysalis.dashboards",
    "chrysalis.villages",
    "chrysalis.programmes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chrysalis.core.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chrysalis.core.nostore.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chrysalis.core.middleware.ActorContextMiddleware",
    "chrysalis.core.middleware.DomainErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chrysalis.accounts.middleware.SessionTimeoutMiddleware",
    "chrysalis.accounts.middleware.TwoFactorMiddleware",
    "chrysalis.accounts.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chrysalis.core.context_processors.navigation",
                "chrysalis.support.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CHRYSALIS_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Password policy (等保 8.1.4.1a defaults; configurable, see docs/security.md).
PASSWORD_MIN_LENGTH = env_int("CHRYSALIS_PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("CHRYSALIS_PASSWORD_MIN_CLASSES", 3)
# Two-factor login (TOTP) for staff (等保 8.1.4.1d): required in production, optional elsewhere.
REQUIRE_STAFF_2FA = env_bool("CHRYSALIS_REQUIRE_STAFF_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Chrysalis 破茧"
# Periodic change (等保 8.1.4.1a): 90 days in production, off by default elsewhere; 0 disables.
PASSWORD_MAX_AGE_DAYS = env_int("CHRYSALIS_PASSWORD_MAX_AGE_DAYS", 90 if PRODUCTION else 0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "chrysalis.accounts.validators.UserNameValidator"},
    {
        "NAME": "chrysalis.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "chrysalis.accounts.validators.CharacterClassesValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login hardening: lockout after 5 failures (django-axes), idle timeout, absolute session cap.
AXES_FAILURE_LIMIT = env_int("CHRYSALIS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CHRYSALIS_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "chrysalis.accounts.auth_views.lockout_response"  # minutes from the setting
AXES_VERBOSE = False
SESSION_IDLE_TIMEOUT = env_int("CHRYSALIS_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("CHRYSALIS_SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = env_int("CHRYSALIS_HSTS_SECONDS", 31536000)
    # Opt-in (docs/operators/security.md): includeSubDomains binds every host under the domain to
    # HTTPS, preload asks browsers to hard-code it (slow to undo). Off unless the operator says so;
    # `check --deploy` then does not warn about a decision that was taken.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CHRYSALIS_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("CHRYSALIS_HSTS_PRELOAD")
    SECURE_SSL_REDIRECT = env_bool("CHRYSALIS_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CHRYSALIS_BEHIND_PROXY") else None
    )
# Client IP behind a reverse proxy is trusted only when configured (security checklist B-12).
TRUSTED_PROXY_COUNT = env_int("CHRYSALIS_TRUSTED_PROXY_COUNT", 0)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = Path(env_str("CHRYSALIS_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Field-level encryption key for personal data at rest (phone and ID numbers).
FIELD_ENCRYPTION_KEY = env_str(
    "CHRYSALIS_FIELD_ENCRYPTION_KEY", "" if PRODUCTION else "dev-only-field-key-change-me"
)
if PRODUCTION and not FIELD_ENCRYPTION_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CHRYSALIS_FIELD_ENCRYPTION_KEY must be set in production")

# Audit records are kept at least six calendar months (Cybersecurity Law); 190 days by default.
AUDIT_RETENTION_DAYS = max(190, env_int("CHRYSALIS_AUDIT_RETENTION_DAYS", 190))
# Soft-deleted records (security checklist D-06) can be restored from the recycle bin this long;
# `manage.py purge_deleted` removes older ones for good (audited).
SOFT_DELETE_RETENTION_DAYS = max(1, env_int("CHRYSALIS_SOFT_DELETE_RETENTION_DAYS", 365))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call answers 401 with a WWW-Authenticate header.
        # Personal API tokens (accounts.tokens): named, expiring, revocable, hashed at rest.
        "chrysalis.accounts.token_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "chrysalis.accounts.token_auth.ReadOnlyTokenPermission",
    ],
    "DEFAULT_SCHEMA_CLASS": "chrysalis.core.api.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["chrysalis.core.filters.ScopedFilterBackend"],
    "EXCEPTION_HANDLER": "chrysalis.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "chrysalis.core.pagination.ScopedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "1200/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chrysalis 破茧 API",
    "DESCRIPTION": (
        "REST API of the Chrysalis enterprise cultivation platform. Every endpoint is scoped to the caller."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "NoticeKindEnum": "chrysalis.notices.choices.Kind",
        "NoticeStatusEnum": "chrysalis.notices.choices.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "chrysalis.core.api.postprocess_schema",
    ],
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if not env_bool("CHRYSALIS_TASKS_IMMEDIATE")
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Filter drop-downs start with 全部 ("All"), not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("CHRYSALIS_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Lockout is per account (等保: lock the account after repeated failures). Locking per IP as well would
# lock out a whole office behind one NAT address, so axes' W006 advice is deliberately not followed.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if PRODUCTION and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")  # opt-in, see above
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # opt-in, see above

# Extension points, as explicit ordered lists of dotted paths (issue 9 item 4). Lower layers call
# what upper layers provide without importing them, and the order is exactly the order written here
# (not the order in which apps happen to be imported). See docs/contributors/architecture.md.
# Builds a user's Scope from their role assignments (callable user -> Scope); core's restrict() calls it.
CHRYSALIS_SCOPE_BUILDER = "chrysalis.accounts.scopes.get_scope"
# Scope extensions: callables (user, scope) -> {Scope field: value} (e.g. own_enterprises).
CHRYSALIS_SCOPE_EXTENSIONS = [
    "chrysalis.enterprises.selectors.enterprise_scope_extension",
]
# Home-page cards: callables user -> list of cards, shown in this order.
CHRYSALIS_HOME_CARD_PROVIDERS = [
    "chrysalis.enterprises.selectors.home_cards",
    "chrysalis.support.selectors.home_cards",
    "chrysalis.events.selectors.home_cards",
    "chrysalis.investment.selectors.home_cards",
    "chrysalis.villages.selectors.home_cards",
    "chrysalis.programmes.selectors.home_cards",
]
# Figures other modules hold for a village (festival attendance and box office from the events
# module), pulled by the villages module (which sits below them): callables () -> rows
# {unit_id, period, metric, value, events}; see chrysalis.villages.services.figures.figures_import.
CHRYSALIS_VILLAGE_FIGURE_SOURCES = [
    "chrysalis.events.selectors.village_figure_rows",
]
# Panels of the enterprise page (企业一户一档): callables (enterprise, user) -> dict | None, in order.
CHRYSALIS_ENTERPRISE_PANELS = [
    "chrysalis.support.panels.service_panel",
    "chrysalis.cultivation.panels.cultivation_panel",
    "chrysalis.screening.panels.verdict_panel",
]
# After a soft delete or a restore (core.services): callables (obj, event) -> None, in this order,
# run in the same transaction (e.g. the registry recomputes an enterprise's latest figures).
CHRYSALIS_SOFT_DELETE_HOOKS = [
    "chrysalis.enterprises.services.figures.after_soft_delete",
]
# Demo builders run by populate_demo after the organisation: (name, callable stdout -> counts).
# The pool's builder screens the registry's firms; the service builder needs the firms too.
CHRYSALIS_DEMO_BUILDERS = [
    ("enterprises", "chrysalis.enterprises.demo.build_enterprises"),
    ("cultivation", "chrysalis.screening.demo.build"),
    ("support", "chrysalis.support.demo.build_support_demo"),
    ("investment", "chrysalis.investment.demo.build"),
    ("notices", "chrysalis.notices.demo.build_notices_demo"),
    ("events", "chrysalis.events.demo.build_events"),
    ("villages", "chrysalis.villages.demo.build"),
    ("village_activities", "chrysalis.events.demo.build_village_activities"),
    ("programmes", "chrysalis.programmes.demo.build"),
]
# Test persona world (chrysalis.core.testing.personas): callables world -> None, in this order;
# the pool and service objects are built on the registry's enterprises.
CHRYSALIS_TEST_WORLD_EXTENSIONS = [
    "chrysalis.enterprises.tests.world.add_enterprises",
    "chrysalis.screening.tests.world.add_pool",
    "chrysalis.support.tests.world.add_support",
    "chrysalis.investment.tests.world.add_investment",
    "chrysalis.notices.tests.world.add_notices",
    "chrysalis.villages.tests.world.add_villages",
    "chrysalis.programmes.tests.world.add_programmes",
]
