from django.core.management.base import BaseCommand
from django.utils import timezone

from core.history import system_actor
from reviews.services import snapshots_reconstruct


class Command(BaseCommand):
    help = (
        "Build a snapshot, reconstructed from the history tables, for every review event "
        "that has ended and has none: the public record as it stood at the end of its "
        "last day. Events that already have one are left as they are."
    )

    def handle(self, *args, **options):
        with system_actor("snapshots"):
            made = snapshots_reconstruct(before=timezone.localdate())
        for snapshot in made:
            self.stdout.write(f"{snapshot.slug}: {snapshot.pledge_count} pledges")
        self.stdout.write(f"Reconstructed {len(made)} snapshots.")
