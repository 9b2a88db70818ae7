from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.history import system_actor
from core.loading import Counts
from gcm_tracker.seeding import REFERENCE_DATA


class Command(BaseCommand):
    help = (
        "Load the reference data the product ships in fixtures/ (the compact, Member "
        "States, the review calendar…). Idempotent: a second run reports everything unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )

    @system_actor("seed")
    def handle(self, *args, dry_run: bool = False, **options):
        total = Counts()
        # All sources or none: a failure half-way leaves the database as it was. A dry
        # run loads every source for real, so that later sources see what earlier ones
        # would write (round tables need the calendar), then rolls everything back.
        with transaction.atomic():
            for index, (label, loader) in enumerate(REFERENCE_DATA, start=1):
                self.stdout.write(f"[{index}/{len(REFERENCE_DATA)}] {label}…")
                try:
                    kinds = loader(dry_run=False)
                except ValidationError as exc:
                    raise CommandError(f"{label}: {'; '.join(exc.messages)}") from exc
                for kind, counts in kinds.items():
                    self.stdout.write(f"      {kind}: {counts}")
                    total += counts
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would load" if dry_run else "Loaded"
        self.stdout.write(self.style.SUCCESS(f"{verb} reference data: {total}."))
