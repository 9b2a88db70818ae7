import datetime

from django.core.management.base import BaseCommand, CommandError

from core.history import system_actor
from reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail focal points the reminders due today: voluntary reviews due in 30, 7 or 1 "
        "days, published pledges without a progress update for 12 months. Each reminder "
        "goes once however often this runs (beat runs it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the mails that would go; send none."
        )
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up."
        )

    @system_actor("send_reminders")
    def handle(self, *args, dry_run: bool = False, date: str | None = None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        run = reminders_send(today=today, dry_run=dry_run)
        if dry_run:
            for line in run.would_send:
                self.stdout.write(f"  would send {line}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Would send {len(run.would_send)} reminders; {run.skipped} already sent."
                )
            )
            return
        style = self.style.WARNING if run.failed else self.style.SUCCESS
        self.stdout.write(
            style(
                f"Sent {run.sent} reminders; {run.skipped} already sent; {run.failed} failed "
                "(retried on the next run)."
            )
        )
