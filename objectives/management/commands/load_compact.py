from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.history import system_actor
from core.loading import read_text_file
from objectives.services import DEFAULT_COMPACT_PATH, compact_load


class Command(BaseCommand):
    help = (
        "Load the compact's text (guiding principles, objectives, commitments, actions). "
        "Idempotent; another edition of the text updates the rows in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=DEFAULT_COMPACT_PATH,
            help=f"UTF-8 text of the compact (default: {DEFAULT_COMPACT_PATH.name} in fixtures/).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )

    @system_actor("load_compact")
    def handle(self, *args, path: Path, dry_run: bool = False, **options):
        try:
            counts = compact_load(text=read_text_file(path), file_name=path.name, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for kind, kind_counts in counts.items():
            self.stdout.write(f"{kind}: {kind_counts}")
        changed = any(c.changed for c in counts.values())
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif not changed:
            self.stdout.write(self.style.SUCCESS(f"{path.name}: already loaded, nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{path.name}: loaded."))
