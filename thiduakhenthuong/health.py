"""/healthz, for the reverse proxy, the service manager and monitoring: is this process able to serve?"""

import datetime
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
from django.db.models import Count, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from kernel.models import Job

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
    """The immediate backend has no queue; the database backend's: tasks waiting (and how long the oldest has
    waited, which grows when no worker runs) and jobs that failed for good in the last 24 hours."""
    if settings.TASKS_BACKEND != "database":
        return {"status": "immediate"}
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(DATABASE_TIMEOUT_MS)])
        waiting = DBTaskResult.objects.ready().aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
        failed = Job.objects.filter(state=Job.State.FAILED, finished_at__gte=now - datetime.timedelta(days=1)).count()
    oldest = waiting["oldest"]
    return {
        "status": "ok",
        "queued": waiting["count"],
        "oldest_queued_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
        "failed_24h": failed,
    }


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
    - task_queue: "immediate" when tasks run in the process that asks (TASKS_BACKEND=immediate); with the database
      backend, the count of tasks waiting, the oldest one's wait in seconds and the jobs failed in the last 24 h,
      read under the same statement timeout (the queue's table unreachable fails).
    No login (it is never redirected to the login page), nothing cached, no cookie, no secrets or paths."""
    checks = {"database": _run("database", _database), "storage": _run("storage", _storage)}
    checks["task_queue"] = _run("task_queue", _task_queue)
    failed = any(check["status"] == "error" for check in checks.values())
    return JsonResponse({"status": "error" if failed else "ok", "checks": checks}, status=503 if failed else 200)
