"""/healthz, for the reverse proxy, the service manager and monitoring: is this process able to serve?"""

import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

DATABASE_TIMEOUT_MS = 2000


def _database() -> dict:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(DATABASE_TIMEOUT_MS)])
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def _storage() -> dict:
    if not isinstance(default_storage, FileSystemStorage):
        # Object storage: a small probe written and deleted through the storage's own API.
        name = default_storage.save(f".healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
        default_storage.delete(name)
        return {"status": "ok"}
    # On disk, the probe goes straight into MEDIA_ROOT: the storage's save() would create a missing folder, and a
    # missing folder is what an unmounted shared disk looks like, which must fail here rather than fill the local disk.
    descriptor, probe = tempfile.mkstemp(prefix=".healthz-", dir=settings.MEDIA_ROOT)
    try:
        os.write(descriptor, b"ok")
    finally:
        os.close(descriptor)
        os.unlink(probe)
    return {"status": "ok"}


def _task_queue() -> dict:
    return {"status": "absent"}


def _run(name: str, check: Callable[[], dict]) -> dict:
    """A check's answer with its time; a failure is logged in full but answered with the exception's class only,
    so that no path, host or message leaks to whoever can reach /healthz."""
    start = time.monotonic()
    try:
        result = check()
    except Exception as error:
        logger.warning("Health check %s failed", name, exc_info=True)
        result = {"status": "error", "error": type(error).__name__}
    return {**result, "ms": round((time.monotonic() - start) * 1000, 1)}


@login_not_required
@csrf_exempt  # it only reads, and a POST should be told 405, not a CSRF failure's 403
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"status": "ok", "checks": {...}} when every check passes, 503 with "error" when one fails:
    - database: `SELECT 1` under a statement timeout of DATABASE_TIMEOUT_MS (a connection that cannot be made fails),
    - storage: a small probe file written to MEDIA_ROOT and deleted (a missing or read-only folder fails), or
      through the object storage's API when attachments are in S3,
    - task_queue: "absent", which is not a failure: the portal has no task engine yet (issue 12, point 5, will
      add one and its check here).
    No login (it is never redirected to the login page), nothing cached, no cookie, no secrets or paths."""
    checks = {"database": _run("database", _database), "storage": _run("storage", _storage)}
    checks["task_queue"] = _run("task_queue", _task_queue)
    failed = any(check["status"] == "error" for check in checks.values())
    return JsonResponse({"status": "error" if failed else "ok", "checks": checks}, status=503 if failed else 200)
