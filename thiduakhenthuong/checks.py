"""System checks for the environment the portal needs to print documents.

They run at start-up (runserver, migrate, check) so a machine that cannot print Vietnamese PDFs says so
at once, in plain words, instead of producing a PDF with missing or substituted letters.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from kernel.lib.fonts import FONT_FILES, TIMES_METRIC_FAMILIES, inspect_font


def weasyprint_import_error() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: pango or harfbuzz shared libraries missing
        return str(exc)
    return None


@register(Tags.compatibility)
def check_weasyprint(app_configs=None, **kwargs):
    error = weasyprint_import_error()
    if error is None:
        return []
    return [
        Error(
            f"WeasyPrint cannot be loaded, so no PDF can be produced: {error}",
            hint="Install the system libraries WeasyPrint needs: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0 (Debian 12), then restart.",
            id="tdkt.E001",
        )
    ]


@register(Tags.compatibility)
def check_pdf_fonts(app_configs=None, **kwargs):
    errors = []
    font_dir = Path(settings.PDF_FONT_DIR)
    for file_name in FONT_FILES.values():
        report = inspect_font(font_dir / file_name)
        if report.error:
            errors.append(
                Error(
                    f"PDF font {report.path} cannot be read ({report.error}).",
                    hint="Restore the font files shipped in thiduakhenthuong/static/fonts or set PDF_FONT_DIR "
                    "to a folder holding Liberation Serif 2 (Debian: fonts-liberation2).",
                    id="tdkt.E002",
                )
            )
        elif not report.times_metric:
            errors.append(
                Error(
                    f"PDF font {report.path} is “{report.family}”, not a Times New Roman metric serif.",
                    hint=f"Use one of: {', '.join(sorted(TIMES_METRIC_FAMILIES))}.",
                    id="tdkt.E003",
                )
            )
        elif report.missing:
            errors.append(
                Error(
                    f"PDF font {report.path} lacks {len(report.missing)} Vietnamese glyphs "
                    f"(e.g. {report.missing[:12]}).",
                    hint="Liberation Serif 1.x (Debian fonts-liberation) has no Vietnamese; use version 2 "
                    "(fonts-liberation2) or Tinos (fonts-croscore).",
                    id="tdkt.E004",
                )
            )
    return errors


@register(Tags.security)
def check_report_signing(app_configs=None, **kwargs):
    """A configured signing certificate must load, or issuing a report would fail at the worst moment."""
    if not settings.REPORT_SIGNING_PKCS12:
        return []
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12(
            pfx_file=settings.REPORT_SIGNING_PKCS12, passphrase=settings.REPORT_SIGNING_PASSPHRASE.encode() or None
        )
    except Exception as error:  # noqa: BLE001 (any failure to read it is the same problem for the operator)
        signer = None
        detail = str(error)
    else:
        detail = "wrong passphrase or not a PKCS#12 file"
    if signer is not None:
        return []
    return [
        Error(
            f"The report signing certificate {settings.REPORT_SIGNING_PKCS12} cannot be loaded ({detail}).",
            hint="Check REPORT_SIGNING_PKCS12 (path to a .p12/.pfx file) and REPORT_SIGNING_PASSPHRASE, "
            "or unset REPORT_SIGNING_PKCS12 to issue reports unsigned.",
            id="tdkt.E005",
        )
    ]


@register(Tags.database)
def check_search_extensions(app_configs=None, databases=None, **kwargs):
    """Search ignoring diacritics needs unaccent and pg_trgm on PostgreSQL (clusters migration 0005_search).
    A database check: it runs with `migrate` and `manage.py check --database default`."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from kernel.lib.search import EXTENSIONS, FOLD_FUNCTION

    warnings = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        recorder = MigrationRecorder(connection)
        if not recorder.has_table() or ("clusters", "0005_search") not in recorder.applied_migrations():
            continue  # `migrate` runs the checks before it creates them: nothing is missing yet
        with connection.cursor() as cursor:
            cursor.execute("SELECT extname FROM pg_extension WHERE extname = ANY(%s)", [list(EXTENSIONS)])
            present = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [FOLD_FUNCTION])
            has_function = cursor.fetchone() is not None
        missing = [name for name in EXTENSIONS if name not in present]
        if missing or not has_function:
            warnings.append(
                Warning(
                    f"Database “{alias}” lacks what search ignoring diacritics needs: "
                    + ", ".join(
                        [
                            *(f"extension {name}" for name in missing),
                            *([] if has_function else [f"function {FOLD_FUNCTION}"]),
                        ]
                    )
                    + ". Searches will fail until it is there.",
                    hint="Run `manage.py migrate` with a role allowed to create extensions (a superuser, or the "
                    "database owner on PostgreSQL 13+), or have a superuser run CREATE EXTENSION IF NOT EXISTS "
                    "unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm; in this database, then migrate.",
                    id="tdkt.W010",
                )
            )
    return warnings


# Caches that live in one process (or on one machine's disk): with several workers or app servers each would count
# login failures and hold sessions on its own (issue 12: "the portal keeps no state in a process").
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.caches, deploy=True)
def check_shared_state(app_configs=None, **kwargs):
    """Run by `check --deploy`: every piece of state the portal keeps must be shared by all its processes."""
    errors = []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PROCESS_LOCAL_CACHES:
        errors.append(
            Error(
                f"The cache ({backend}) is kept by each process on its own: the login throttle would count "
                "failures per process and forget them at a restart.",
                hint="Leave CACHE_URL unset (the database cache, shared) or point it at a shared cache (redis://…).",
                id="tdkt.E006",
            )
        )
    session_engine = settings.SESSION_ENGINE
    if session_engine == "django.contrib.sessions.backends.file" or (
        session_engine == "django.contrib.sessions.backends.cache" and backend in PROCESS_LOCAL_CACHES
    ):
        errors.append(
            Error(
                f"Sessions ({session_engine}) are not shared between app servers: a person would be logged out "
                "whenever the proxy sends them to another one.",
                hint="Keep the default database sessions.",
                id="tdkt.E007",
            )
        )
    return errors


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs=None, **kwargs):
    """Run by `check --deploy`: with hashed static names, every page needs collectstatic's manifest (without it,
    every page that links a stylesheet answers 500)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    if staticfiles_storage.exists(staticfiles_storage.manifest_name):
        return []
    return [
        Error(
            f"No static files manifest in STATIC_ROOT ({settings.STATIC_ROOT}): every page would answer 500.",
            hint="Run `python manage.py collectstatic --no-input` at each release, before the restart.",
            id="tdkt.E008",
        )
    ]


# Mail backends that deliver nothing to anybody: right for development and tests, a silent loss in production.
UNDELIVERED_MAIL = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)


@register(deploy=True)
def check_notice_mail(app_configs=None, **kwargs):
    """Run by `check --deploy`: notices' e-mails reach people, and their links the portal's public address."""
    warnings = []
    if settings.EMAIL_BACKEND in UNDELIVERED_MAIL:
        warnings.append(
            Warning(
                f"Notices' e-mails are not delivered ({settings.EMAIL_BACKEND}): people see notices on their home "
                "page only.",
                hint="Set EMAIL_URL to the mail server, e.g. smtp+tls://user:password@mail.example.vn:587.",
                id="tdkt.W011",
            )
        )
    if settings.PORTAL_URL.startswith(("http://127.0.0.1", "http://localhost")):
        warnings.append(
            Warning(
                f"Links in notices' e-mails start with {settings.PORTAL_URL}, which only this machine can open.",
                hint="Set PORTAL_URL to the portal's public address, e.g. https://tdkt.langson.gov.vn.",
                id="tdkt.W012",
            )
        )
    return warnings
