from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from core.backup import BackupError, Database, backup_create


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database and the uploaded files (MEDIA_ROOT) into one tar "
        "archive with a manifest of checksums and row counts. Restore it with `restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="The archive to write (default: backups/gcm-tracker-<time>.tar).",
        )

    def handle(self, *args, output: Path | None = None, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        output = output or Path("backups") / f"gcm-tracker-{stamp}.tar"
        try:
            database = Database.from_settings(connections["default"].settings_dict)
            manifest = backup_create(
                output=output,
                database=database,
                media_root=Path(settings.MEDIA_ROOT),
                log=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if settings.S3_BUCKET:
            self.stdout.write(
                self.style.WARNING(
                    f"The uploaded files are in the object store (bucket {settings.S3_BUCKET}), "
                    "not in this archive: keep them with the store's own versioning or "
                    "replication."
                )
            )
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['database']['tables'])} tables ({rows} rows) and "
                f"{len(manifest['media'])} media files to {output} "
                f"({output.stat().st_size / 1024 / 1024:.1f} MB)."
            )
        )
