from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.history import system_actor
from core.tabular import ImportFileError, ImportResult
from pledges.imports import pledges_import


class ImportCommand(BaseCommand):
    """A staff import of a CSV or XLSX file; subclasses name the importer and the noun.

    `importer(user=, name=, content=, valid_only=, dry_run=, progress=) -> ImportResult`.
    """

    importer = staticmethod(pledges_import)
    noun = "pledges"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row; write nothing."
        )
        parser.add_argument(
            "--valid-only", action="store_true", help="Write the valid rows, report the others."
        )
        parser.add_argument(
            "--user",
            help="Username of the Network staff member recorded as the author "
            "(default: the only superuser).",
        )

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user {username!r}.")
        else:
            superusers = list(users.filter(is_superuser=True)[:2])
            if len(superusers) != 1:
                raise CommandError("Say who imports with --user (a Network staff username).")
            user = superusers[0]
        if not user.is_staff:
            raise CommandError(f"{user.username} is not Network staff.")
        return user

    def written(self, result: ImportResult) -> str:
        return f"Created {len(result.created)} {self.noun}."

    def execute(self, *args, **options):
        # Rows the importer does not attribute to the staff user are the command's.
        with system_actor(type(self).__module__.rsplit(".", 1)[-1]):
            return super().execute(*args, **options)

    def handle(self, *args, file: Path, dry_run=False, valid_only=False, user=None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        staff = self._user(user)

        def progress(rows: int) -> None:
            self.stdout.write(f"  {rows} rows checked…")

        try:
            result = self.importer(
                user=staff,
                name=file.name,
                content=file.read_bytes(),
                valid_only=valid_only,
                dry_run=dry_run,
                progress=progress,
            )
        except ImportFileError as exc:
            raise CommandError(f"{file.name}: {exc}") from exc
        for error in result.errors:
            self.stdout.write(self.style.ERROR(f"  {error}"))
        bad = len(result.bad_lines)
        good = result.rows - bad
        summary = f"{result.rows} rows: {good} valid, {bad} refused."
        if result.written:
            self.stdout.write(self.style.SUCCESS(f"{summary} {self.written(result)}"))
        elif dry_run:
            self.stdout.write(self.style.SUCCESS(f"{summary} Dry run: nothing written."))
        elif result.errors:
            raise CommandError(
                f"{summary} Nothing written; fix the rows above or use --valid-only."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary} Nothing to write."))


class Command(ImportCommand):
    help = (
        "Create pledges from a CSV or XLSX file (columns in the README), each row checked "
        "by the pledge services. Nothing is written unless every row is valid, or with "
        "--valid-only only the valid rows."
    )
