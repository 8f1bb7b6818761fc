"""Settings for the TĐKT portal.

Every deploy-time option is read from the environment (or a `.env` file beside manage.py) through
django-environ; `.env.example` lists them. Nothing else differs between development and production.
"""

from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "thiduakhenthuong.admin_site.PortalAdminConfig",  # django.contrib.admin with its own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tasks",
    "django_tasks_db",
    "thiduakhenthuong.apps.PortalConfig",
    "audit",
    "kernel.apps.KernelConfig",
    "clusters",
    "campaigns",
    "awards",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kernel.middleware.RefuseNulMiddleware",  # hardening: a NUL byte in the address is a 400 page, not a 500
    # Static files answered here, outside the GZip middleware: a response passes back through every middleware above
    # the one that made it, so below GZip each static file was compressed again on every request. WhiteNoise sends
    # the .br or .gz copy collectstatic wrote (Accept-Encoding), or the file itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A decision's list of several hundred rows is megabytes of repetitive HTML: compressed, tens of KB.
    # Django's GZip middleware pads responses against BREACH, and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kernel.middleware.NoStoreForUsersMiddleware",  # hardening: no copy of personal data kept by any cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # hardening: the Content Security Policy below
]

ROOT_URLCONF = "thiduakhenthuong.urls"
WSGI_APPLICATION = "thiduakhenthuong.wsgi.application"

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
            ],
            "builtins": ["thiduakhenthuong.templatetags.vn"],
        },
    },
]

# Without DATABASE_URL the portal runs on an embedded SQLite file: that is only for the quick start.
# PostgreSQL is the production database and the one the test suite runs on.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sensitive actions (issuing or annulling a decision, issuing a report, changing users and roles) ask for the
# password again when it was last confirmed longer ago than this (kernel/reauth.py).
REAUTH_MAX_AGE_SECONDS = env.int("REAUTH_MAX_AGE_SECONDS", default=300)
# Login throttling (kernel/throttle.py): this many failures for one account, whatever the address, within the window
# block the account for the lockout; LOGIN_UNKNOWN_NAME_LIMIT failures with user names that match no account block
# the address for unknown names only (its valid users still log in).
LOGIN_UNKNOWN_NAME_LIMIT = env.int("LOGIN_UNKNOWN_NAME_LIMIT", default=20)
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# Public consultations (awards/consultations/public_views.py): feedback a client address may send within the window;
# past it the public page refuses with 429 and says so in Vietnamese.
CONSULTATION_FEEDBACK_LIMIT = env.int("CONSULTATION_FEEDBACK_LIMIT", default=10)
CONSULTATION_FEEDBACK_WINDOW_SECONDS = env.int("CONSULTATION_FEEDBACK_WINDOW_SECONDS", default=60 * 60)
# The reverse proxies in front of the portal (gunicorn's own setting, FORWARDED_ALLOW_IPS; "*" trusts any): a request
# from one of them is counted on the client address the proxy appended to X-Forwarded-For (kernel.throttle).
TRUSTED_PROXIES = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Django's ModelBackend reading a signed-in user with their unit account and, on PostgreSQL, their permissions in
# one query instead of four (kernel/auth.py). Sessions name their backend: those opened before this setting was
# introduced (issue #13) end, and their users log in once more.
AUTHENTICATION_BACKENDS = ["kernel.auth.PortalBackend"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# The portal's own catalog, then complete Vietnamese catalogs for Django's admin, auth and contenttypes,
# whose shipped Vietnamese translation is old and leaves parts of the admin in English.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese formats (20/6/2018, 1.482, 7,98): see thiduakhenthuong/formats/vi/formats.py. Counts are
# formatted explicitly with the vn_int filter so that years and identifiers never get a thousands dot.
FORMAT_MODULE_PATH = ["thiduakhenthuong.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# collectstatic leaves out the Bootstrap builds no page links (thiduakhenthuong/static_finders.py).
STATICFILES_FINDERS = [
    "thiduakhenthuong.static_finders.PortalFileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Where attachments are stored: the local disk (MEDIA_ROOT) by default, which several app servers must then share
# (NFS or similar); or an S3-compatible object store (django-storages, the `s3` extra of pyproject.toml) when
# AWS_STORAGE_BUCKET_NAME is set, under django-storages' own setting names. Files are never public: every download
# goes through a permission-checked view that reads them through the storage, so the bucket stays private and no
# signed URL is handed out. An attachment's name is never reused (file_overwrite off).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes each file also under a name carrying a hash of its content (bootstrap.min.1a2b3c4d5e6f.css,
    # references inside CSS rewritten) with a gzip and a brotli copy beside it; {% static %} gives the hashed name,
    # which WhiteNoise serves with a ten-year immutable Cache-Control, choosing the copy by Accept-Encoding. With DEBUG
    # off a page naming a file the manifest lacks fails (ValueError): collectstatic is part of every release.
    # The tests use the plain storage (tests/conftest.py) and one test collects into a temporary folder.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,  # e.g. a MinIO or Viettel S3 address
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,  # None: boto3's own credential chain
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),  # a prefix inside the bucket, e.g. "tdkt/"
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for most on-premises
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# Where manage.py backup / restore find pg_dump and pg_restore; empty: /usr/lib/postgresql/<server major>/bin, then
# PATH (thiduakhenthuong/backups/postgres.py).
POSTGRES_BIN_DIR = env.str("POSTGRES_BIN_DIR", default="")
# Files attached to the document register are served only through a permission-checked view, never
# from a public media URL. Their size limit:
DOCUMENT_FILE_MAX_BYTES = env.int("DOCUMENT_FILE_MAX_BYTES", default=20 * 1024 * 1024)

# The serif used in every printed document: Liberation Serif 2 (metric-compatible with Times New Roman,
# full Vietnamese coverage, SIL OFL), shipped with the portal so that PDFs are identical on every machine.
PDF_FONT_DIR = Path(env.str("PDF_FONT_DIR", default=str(BASE_DIR / "thiduakhenthuong" / "static" / "fonts")))

# The province the portal serves, as printed in its documents ("ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN").
PROVINCE_NAME = env.str("PROVINCE_NAME", default="Lạng Sơn")

# Issued reports are signed (PAdES) with this PKCS#12 file when it is set; without it they are issued unsigned.
REPORT_SIGNING_PKCS12 = env.str("REPORT_SIGNING_PKCS12", default="")
REPORT_SIGNING_PASSPHRASE = env.str("REPORT_SIGNING_PASSPHRASE", default="")

# "Ký số" in the browser through the VGCA Sign Service (Ban Cơ yếu Chính phủ) installed on the signer's computer
# (reports/vgca.py). Its protocol is a LEAD from public code (research notes §Q6), not a specification: the address,
# the method names and the time allowed are settings, to be corrected from Ban Cơ yếu's documentation.
VGCA_SERVICE_URL = env.str("VGCA_SERVICE_URL", default="wss://127.0.0.1:8987").rstrip("/")
VGCA_METHOD_VERSION = env.str("VGCA_METHOD_VERSION", default="GetVersion")
VGCA_METHOD_APPROVED = env.str("VGCA_METHOD_APPROVED", default="SignApproved")  # the competent person's signature
VGCA_METHOD_ISSUED = env.str("VGCA_METHOD_ISSUED", default="SignIssued")  # the organisation's (seal) signature
VGCA_PROBE_TIMEOUT_MS = env.int("VGCA_PROBE_TIMEOUT_MS", default=1500)
# A signing ticket (the two URLs the service uses instead of the browser's session) lasts this long, once.
VGCA_TICKET_SECONDS = env.int("VGCA_TICKET_SECONDS", default=300)

# Files attached to nomination dossiers (PDF, DOCX, XLSX, JPEG, PNG), checked from their content.
DOSSIER_FILE_MAX_BYTES = env.int("DOSSIER_FILE_MAX_BYTES", default=20 * 1024 * 1024)
# The background image of a certificate template (PNG or JPEG, read from its content), uploaded in the admin.
CERTIFICATE_BACKGROUND_MAX_BYTES = env.int("CERTIFICATE_BACKGROUND_MAX_BYTES", default=10 * 1024 * 1024)
# Certificates laid out in one request (about 4 s per hundred A3 pages): more are printed by lines, from–to.
CERTIFICATE_PDF_MAX_PAGES = env.int("CERTIFICATE_PDF_MAX_PAGES", default=300)

# Excel imports of a decision's recipients or a dossier's nominees (awards.imports): the file's size, then what it
# holds, measured from its zip directory and a streaming read before openpyxl loads it (awards/imports/measure.py):
# the data sheet's rows below the header and its columns; the cells openpyxl would create, all sheets (each sheet's
# used range, merged and linked ranges): the template's 12 columns and a few formatted beside them on every row;
# the unpacked size (10,000 full rows of a decision take about 4 MB, as Excel saves them: 20 MiB leaves room for
# long texts and per-cell formatting). Time and memory of a file at these limits: scripts/bench_import.py; raising
# them raises both.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=30)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=(IMPORT_MAX_ROWS + 1) * 15)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=20 * 1024 * 1024)

# A decision can list several hundred recipients, eight fields each, on one form (Django's default is 1,000).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 50_000
# The body of the longest lists, sent URL-encoded (the row editors are not multipart forms): a Vietnamese letter
# such as "ệ" is 3 bytes in UTF-8 and each byte is sent as %XX, 9 bytes a character in the worst case.
# - a dossier: 500 nominees (MAX_NOMINEES) × (name 255 + position 255 + achievements 4,000 characters) × 9 bytes
#   = 500 × 40,590 = 20.3 MB, plus about 200 bytes a row of field names, ids and separators (0.1 MB);
# - a decision: 5,000 recipients posted at once (MAX_ROWS_POSTED) × (name 255 + position 255 + workplace 255) × 9 bytes
#   = 5,000 × 6,885 = 34.4 MB, plus about 250 bytes a row (1.3 MB): 35.7 MB.
# Django's default, 2.5 MB, refused such a page with a bare 400; 40 MiB holds the larger with room for the header
# fields. tests/awards/test_row_limits.py computes both from the forms' own limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 40 * 1024 * 1024

# ---- Background work (issue #12, point 5): django-tasks, kernel/jobs.py --------------------------------------------
# TASKS_BACKEND=immediate runs each task at once in the process that asks for it (the quick start, the tests);
# TASKS_BACKEND=database queues it in the database, where `manage.py db_worker` (started by scripts/serve, or
# docs/deploy/tdkt-worker.service) runs it, on any number of machines. Production uses database.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# A job that raised is tried again (10 s, then 60 s later) up to this many attempts in all, then shown as failed.
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=3)
# A job still running after this long was lost with its worker (kill -9, a machine gone): a starting worker takes it
# back (manage.py jobs_requeue_stale). Far above the longest job (a 5,000-row decision's PDF: about 25 s).
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=30 * 60)
# A long list counts its rows up to this many and says "more than 1,000" past it (kernel/lib/paging.py): counting
# every one of a province's decisions cost more than finding the page shown. Searches too (the site search's
# sections, the people list's name search, kernel.lib.search.capped_count): "van" matches tens of thousands.
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=1_000)
# A decision of more recipients than this gets its PDF from a background job (when not cached already).
DECISION_PDF_BACKGROUND_ROWS = env.int("DECISION_PDF_BACKGROUND_ROWS", default=300)
# A dossier whose files weigh more than this (bytes) gets its package for the central level from a background job;
# lighter ones are built in the request and streamed (docs/ARCHITECTURE.md, "The package for the central level").
DOSSIER_PACKAGE_BACKGROUND_BYTES = env.int("DOSSIER_PACKAGE_BACKGROUND_BYTES", default=100 * 1024 * 1024)
# A decision whose annex lists more recipients than this gets its annex table drawn directly (reports/annex_pdf.py:
# about 1 s for 5,000 rows) rather than laid out by WeasyPrint (about 23 s); 0 lays every annex out with WeasyPrint.
DECISION_PDF_FAST_ANNEX_ROWS = env.int("DECISION_PDF_FAST_ANNEX_ROWS", default=1_000)
# An Excel import of more rows than this runs as a background job.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=300)
# Rows shown per section of the site search, each with a link to the full filtered list.
SEARCH_SECTION_ROWS = env.int("SEARCH_SECTION_ROWS", default=20)

# ---- Notices (issue #15, point 4): kernel/notices.py, kernel/notice_mail.py -----------------------------------------
# Notices are kept in the database (kernel.Notice, the outbox) and e-mailed after the change that made them commits,
# by a background task and by `manage.py notices_send` (docs/deploy/tdkt-notices.timer). The mail server as one URL
# (django-environ): consolemail:// (the default: printed on the console, for development), smtp+tls://user:password@
# host:587, smtps://user:password@host:465, smtp://host:25.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
# Seconds a connection to the mail server may take: a server that hangs fails the attempt, which is tried later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The sender of the portal's e-mails, e.g. "Cổng TĐKT tỉnh Lạng Sơn <tdkt@langson.gov.vn>".
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cổng TĐKT <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, which links in e-mails start with (a notice stores only the path).
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
# Attempts of a notice's e-mail (1 min, then twice as long each time, at most 1 hour apart: about 15 hours for 20)
# before it is shown as not sent; it stays on the person's dashboard in any case.
NOTICES_MAX_ATTEMPTS = env.int("NOTICES_MAX_ATTEMPTS", default=20)

# ---- Hardening (issue #12, point 2): HTTPS, cookies, session length, database reconnects ----------------------
# Every value under Django's own name, read from the environment. The HTTPS redirect and HSTS are off unless set:
# only the operator knows that HTTPS is in front (a local production trial on http://127.0.0.1 must keep working);
# secure cookies are on whenever DEBUG is off. README "Configuration and production" lists the exact production
# settings, with which `manage.py check --deploy` is clean (tests/thiduakhenthuong/test_deploy_check.py).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# The load balancer and the service manager ask /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Behind a reverse proxy that terminates HTTPS: SECURE_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto: https
# (the proxy must set that header itself, overwriting any the client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Origins (scheme and host) allowed to POST through the proxy, e.g. https://tdkt.langson.gov.vn.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "thiduakhenthuong.views.csrf_failure"
# A session lasts a working day (9 hours) from the log-in, then the person logs in again.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 60 * 60)
# A connection kept between requests (CONN_MAX_AGE) is checked before reuse, so that a database restart costs
# only the requests in flight, not one error per stale connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# A new connection that PostgreSQL refuses (it is restarting) is tried again for up to this long before the request
# fails (kernel/db/postgresql): a restart then costs the requests in flight only. 0 turns it off.
DATABASE_CONNECT_RETRY_SECONDS = env.float("DATABASE_CONNECT_RETRY_SECONDS", default=10.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "kernel.db.postgresql"
# The cache holds the login-throttling counts: by default a table of the database (created by `migrate`,
# thiduakhenthuong/migrations/0001), shared by every process and kept across restarts, through kernel/cache.py,
# whose `incr` is atomic. CACHE_URL may name another shared cache (redis://…); never locmemcache:// with several
# processes, where each would count on its own.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"]["BACKEND"] = "kernel.cache.DatabaseCache"
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 1_000_000  # never cull live counters
# Content Security Policy (django-csp): the portal serves every script and style itself (portal.js, Bootstrap,
# the admin's), with no inline script, no inline style and no style attribute; images may be data: URLs (Bootstrap's
# form icons). tests/ui/test_csp_browser.py loads the main pages and the admin and expects no violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        # The page's script talks to the VGCA Sign Service on the signer's own computer (reports/vgca.py).
        "connect-src": ["'self'", VGCA_SERVICE_URL.split("/", 3)[0] + "//" + VGCA_SERVICE_URL.split("/", 3)[2]],
    }
}
# ---- end of hardening ---------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
