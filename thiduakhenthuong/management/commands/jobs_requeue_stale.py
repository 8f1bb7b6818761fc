"""Takes back the background jobs a dead worker left running (kill -9, a lost machine): each is queued again while
it has attempts left, else shown as failed. On PostgreSQL, a job is taken back only when no worker holds its lock,
so this is safe at any time: before a worker starts (scripts/serve, tdkt-worker.service) and every minute
(tdkt-requeue.timer)."""

from django.core.management.base import BaseCommand

from awards.imports.tasks import TASKS as IMPORT_TASKS
from kernel.jobs import jobs_requeue_stale
from reports.tasks import TASKS as REPORT_TASKS


class Command(BaseCommand):
    help = "Queue again (or fail) the background jobs whose worker died (no worker holds their lock)."

    def handle(self, *args, **options) -> None:
        count = jobs_requeue_stale(tasks={**REPORT_TASKS, **IMPORT_TASKS})
        if count:
            self.stdout.write(f"{count} stale job(s) taken back.")
