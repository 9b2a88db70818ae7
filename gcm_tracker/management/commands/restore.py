from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backup import BackupError, Database, backup_restore
from core.history import system_actor


class Command(BaseCommand):
    help = (
        "Restore a `backup` archive into the configured database and MEDIA_ROOT. Checks "
        "every checksum first; refuses a database with tables (or a media directory with "
        "files) unless --force; checks the restored row counts against the backup's."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive `backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the tables and files already there with the archive's.",
        )

    @system_actor("restore")
    def handle(self, *args, archive: Path, force: bool = False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file.")
        database_settings = connections["default"].settings_dict
        # Django keeps no connection open across pg_restore's work.
        connections["default"].close()
        try:
            counts = backup_restore(
                archive_path=archive,
                database=Database.from_settings(database_settings),
                media_root=Path(settings.MEDIA_ROOT),
                force=force,
                log=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(counts)} tables ({sum(counts.values())} rows); "
                "the counts match the backup's."
            )
        )
