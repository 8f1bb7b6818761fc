"""Sends the notices whose e-mail is due: those whose task was lost or never ran, and those whose earlier attempt
failed (the mail server was down) once their next attempt has come. Safe to run at any time, from any machine, beside
the task worker: each notice is claimed by one sender only (kernel/notice_mail.py). Run every few minutes from
docs/deploy/tdkt-notices.timer, or by hand after a mail server outage."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from kernel.notice_mail import SWEEP_LIMIT, notices_send_due


class Command(BaseCommand):
    help = "Send the notices whose e-mail is due (queued, or failed earlier and due again)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--limit", type=int, default=SWEEP_LIMIT, help="At most this many notices in one run.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = notices_send_due(limit=options["limit"])
        self.stdout.write(
            f"Notices sent: {result.sent}; not sent this time: {result.not_sent}; still to send: {result.waiting}."
        )
