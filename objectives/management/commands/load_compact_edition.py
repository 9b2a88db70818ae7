from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.history import system_actor
from core.loading import read_text_file
from objectives.services import compact_edition_load


class Command(BaseCommand):
    help = (
        "Load the compact in another UN language: a YAML file translating the English "
        "edition's objectives, actions and guiding principles by number, letter and slug "
        "(see compact_edition_load). Idempotent; a new edition in a language replaces "
        "the earlier one."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="UTF-8 YAML file of the edition.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )

    @system_actor("load_compact_edition")
    def handle(self, *args, path: Path, dry_run: bool = False, **options):
        try:
            counts = compact_edition_load(
                text=read_text_file(path), file_name=path.name, dry_run=dry_run
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for kind, kind_counts in counts.items():
            self.stdout.write(f"{kind}: {kind_counts}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{path.name}: loaded."))
