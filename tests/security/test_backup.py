"""The backup and restore drill (issue 12, defect 11), against real PostgreSQL.

Rows and an uploaded file, `manage.py backup`, `manage.py restore` into a NEW database
and an empty media directory (another process, as an operator would run it), then the
same row count in every table and the same checksum for every file.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from pledges.models import Evidence
from tests.factories import PledgeFactory, ProgressUpdateFactory
from tests.security.dbs import database_url, fresh_database, query

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _checksums(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _counts(name: str) -> dict[str, int]:
    tables = [
        row[0] for row in query(name, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    return {table: query(name, f'SELECT count(*) FROM "{table}"')[0][0] for table in tables}  # noqa: S608


def _restore(archive: Path, name: str, media: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_MEDIA")}
    env.update(
        DATABASE_URL=database_url(name),
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_ENV_FILE=str(media.parent / "no.env"),
        DJANGO_SETTINGS_MODULE="gcm_tracker.settings",
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(archive), *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def source(tmp_path, settings, compact, member_states):
    """Committed rows (a pledge, a progress update) and an evidence file in a media dir."""
    settings.MEDIA_ROOT = tmp_path / "media"
    pledge = PledgeFactory(title="Backed-up pledge")
    update = ProgressUpdateFactory(pledge=pledge)
    Evidence.objects.create(
        update=update,
        file=ContentFile(b"%PDF-1.4\n% evidence for the drill\n%%EOF\n", name="drill.pdf"),
        name="drill.pdf",
        size=40,
    )
    (settings.MEDIA_ROOT / "pledges" / "documents").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "pledges" / "documents" / "plan (2026).txt").write_text("A plan.")
    return settings.MEDIA_ROOT


def test_backup_then_restore_into_a_new_database_gives_the_same_rows_and_files(source, tmp_path):
    archive = tmp_path / "backup.tar"
    out = StringIO()
    call_command("backup", output=archive, stdout=out)
    source_counts = _counts(connection.settings_dict["NAME"])

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["tables"] == source_counts
    assert {e["path"] for e in manifest["media"]} == {f"media/{p}" for p in _checksums(source)}

    restored_media = tmp_path / "restored-media"
    with fresh_database("gcm_restore") as name:
        result = _restore(archive, name, restored_media)

        assert result.returncode == 0, result.stdout + result.stderr
        assert _counts(name) == source_counts
        assert source_counts["pledges_pledge"] >= 1
        assert query(name, "SELECT title FROM pledges_pledge") == [("Backed-up pledge",)]
    assert _checksums(restored_media) == _checksums(source)
    assert len(_checksums(source)) == 2


def test_restore_refuses_a_database_that_is_not_empty(source, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive, stdout=StringIO())

    with fresh_database("gcm_restore") as name:
        assert _restore(archive, name, tmp_path / "m1").returncode == 0
        again = _restore(archive, name, tmp_path / "m2")
        forced = _restore(archive, name, tmp_path / "m3", "--force")

        assert again.returncode != 0
        assert "not empty" in again.stderr
        assert forced.returncode == 0, forced.stderr
        assert _counts(name) == _counts(connection.settings_dict["NAME"])


def test_restore_refuses_a_damaged_archive_before_writing(source, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive, stdout=StringIO())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name.endswith(".pdf"):
                data = data.replace(b"evidence", b"EVIDENCE")
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))

    with fresh_database("gcm_restore") as name:
        result = _restore(damaged, name, tmp_path / "m")

        assert result.returncode != 0
        assert "checksum" in result.stderr
        assert _counts(name) == {}
