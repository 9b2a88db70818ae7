"""Backup and restore: the PostgreSQL database and the uploaded files in one archive.

The archive is a tar file:

    manifest.json    what is inside: each file's SHA-256 and size, each table's row count
    database.dump    pg_dump's custom format (compressed, restorable with pg_restore)
    media/…          the files under MEDIA_ROOT, as they are

The row counts are taken in the same snapshot as the dump (pg_export_snapshot), so a
restore can prove itself: `restore` checks every checksum before it writes anything,
restores into an empty database (refusing a non-empty one without `force`), then
compares the restored tables' counts with the manifest's.

pg_dump and pg_restore come from PostgreSQL's client tools, of the server's version or
newer; `PG_BIN_DIR` (a setting) names their directory when they are not on PATH.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import psycopg
from django.conf import settings
from django.utils import timezone
from psycopg import sql

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Database:
    """Where to connect, from a Django DATABASES entry."""

    name: str
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        if settings_dict["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError(
                "Backup and restore work on PostgreSQL. The embedded SQLite default is one "
                "file: copy db.sqlite3 and the media directory instead."
            )
        return cls(
            name=str(settings_dict["NAME"]),
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
        )

    def environment(self) -> dict[str, str]:
        """libpq's variables, so that no password appears on a command line."""
        variables = {"PGDATABASE": self.name}
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ):
            if value:
                variables[key] = value
        return {**os.environ, **variables}

    def connect(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            **kwargs,
        )


def _tool(name: str) -> str:
    directory = getattr(settings, "PG_BIN_DIR", "")
    path = str(Path(directory) / name) if directory else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(
            f"{name} not found: install PostgreSQL's client tools (postgresql-client) "
            "or set PG_BIN_DIR."
        )
    return path


def _run(command: list[str], database: Database) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _value(cursor: psycopg.Cursor[Any]) -> Any:
    """The one value of a query that always returns one row (a count, a snapshot)."""
    row = cursor.fetchone()
    assert row is not None
    return row[0]


def table_counts(connection: psycopg.Connection) -> dict[str, int]:
    """Rows in each table of the public schema. One query per table."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    return {
        name: _value(
            connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        )
        for name in names
    }


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def backup_create(
    *, output: Path, database: Database, media_root: Path, log: Callable[[str], None] = print
) -> dict:
    """Write the archive to `output`; return its manifest.

    Costs one pg_dump, one read of every media file for its checksum and one to copy it.
    """
    pg_dump = _tool("pg_dump")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        # The counts and the dump see the same data: the dump uses the snapshot of this
        # transaction, kept open until pg_dump is done.
        with database.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = _value(conn.execute("SELECT pg_export_snapshot()"))
            counts = table_counts(conn)
            log(f"Dumping database {database.name} ({len(counts)} tables)…")
            _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"], database)
            conn.rollback()
        files = _media_files(media_root)
        log(f"Adding {len(files)} media files…")
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {
                "file": DUMP,
                "name": database.name,
                "sha256": _sha256(dump),
                "size": dump.stat().st_size,
                "tables": counts,
            },
            "media": [
                {
                    "path": str(PurePosixPath(MEDIA, *f.relative_to(media_root).parts)),
                    "sha256": _sha256(f),
                    "size": f.stat().st_size,
                }
                for f in files
            ],
        }
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(manifest_file, arcname=MANIFEST)
            archive.add(dump, arcname=DUMP)
            for f, entry in zip(files, manifest["media"], strict=True):
                archive.add(f, arcname=entry["path"])
        partial.replace(output)
    return manifest


def _safe_member(path: str) -> PurePosixPath:
    member = PurePosixPath(path)
    if member.is_absolute() or ".." in member.parts:
        raise BackupError(f"The archive names an unsafe path: {path}")
    return member


def _verify(archive: tarfile.TarFile, manifest: dict) -> None:
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({entry["path"]: entry["sha256"] for entry in manifest["media"]})
    for name, sha256 in expected.items():
        _safe_member(name)
        try:
            handle = archive.extractfile(name)
        except KeyError:
            handle = None
        if handle is None:
            raise BackupError(f"The archive lacks {name}, which its manifest lists.")
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise BackupError(f"{name} does not match its checksum: the archive is damaged.")


def _member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    """A file of the archive that `_verify` has read."""
    handle = archive.extractfile(name)
    if handle is None:
        raise BackupError(f"The archive lacks {name}, which its manifest lists.")
    return handle


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        handle = archive.extractfile(MANIFEST)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError("Not a GCM Tracker backup: it has no manifest.json.")
    manifest = json.load(handle)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def backup_restore(
    *,
    archive_path: Path,
    database: Database,
    media_root: Path,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Restore the archive into `database` and `media_root`; return the restored counts.

    Checks every checksum first. Refuses a database with tables, or a media directory
    with files, unless `force` (then the archive's tables and files replace theirs).
    Raises BackupError when the restored counts differ from the manifest's.
    """
    pg_restore = _tool("pg_restore")
    with tarfile.open(archive_path, "r") as archive:
        manifest = read_manifest(archive)
        _verify(archive, manifest)
        log(f"Checked {len(manifest['media']) + 1} checksums.")
        with database.connect() as conn:
            existing = table_counts(conn)
        if existing and not force:
            raise BackupError(
                f"Database {database.name} is not empty ({len(existing)} tables). Restore "
                "into an empty database, or give --force to replace its tables."
            )
        if _media_files(media_root) and not force:
            raise BackupError(
                f"{media_root} holds files. Restore into an empty media directory, or give "
                "--force to overwrite them."
            )
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / DUMP
            with (
                _member(archive, manifest["database"]["file"]) as source,
                dump.open("wb") as out,
            ):
                shutil.copyfileobj(source, out, CHUNK)
            command = [pg_restore, "--no-owner", "--no-acl", "--exit-on-error"]
            command += ["--single-transaction"]
            if existing:
                command += ["--clean", "--if-exists"]
            log(f"Restoring database {database.name}…")
            _run([*command, f"--dbname={database.name}", str(dump)], database)
        root = media_root.resolve()
        for entry in manifest["media"]:
            relative = _safe_member(entry["path"]).relative_to(MEDIA)
            target = root.joinpath(*relative.parts)
            if root not in target.resolve().parents:
                raise BackupError(f"The archive names an unsafe path: {entry['path']}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with _member(archive, entry["path"]) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
        log(f"Restored {len(manifest['media'])} media files into {media_root}.")
    with database.connect() as conn:
        restored = table_counts(conn)
    expected = manifest["database"]["tables"]
    differing = {
        name: (count, restored.get(name))
        for name, count in expected.items()
        if restored.get(name) != count
    }
    if differing:
        raise BackupError(f"Restored row counts differ from the backup's: {differing}")
    return restored
