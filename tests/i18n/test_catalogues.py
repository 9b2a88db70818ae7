"""The translation catalogues under locale/: complete, compiled, placeholders kept, and
covering every string the code and templates mark.

Marked `catalogue`: deselected (pyproject's addopts) until the five catalogues are
filled. Run them with `pytest -m catalogue tests/i18n`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
LOCALE = BASE_DIR / "locale"
# Django's locale names (settings.LANGUAGES says zh-hans; the folder is zh_Hans).
TRANSLATED = ["ar", "es", "fr", "ru", "zh_Hans"]
# What `make messages` ignores (keep the two in step).
IGNORE = [".venv/*", "tests/*", "artifacts/*", "mutants/*", "staticfiles/*", "media/*", "build/*"]

pytestmark = pytest.mark.catalogue


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)))


def key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def shown(entries, limit: int = 15) -> str:
    lines = [f"  {e.msgid[:90]!r}" for e in entries[:limit]]
    if len(entries) > limit:
        lines.append(f"  … and {len(entries) - limit} more")
    return "\n".join(lines)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = catalogue(language)
    untranslated = [e for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e for e in po.fuzzy_entries() if not e.obsolete]
    assert len(po) > 0, f"{po_path(language)} is empty: run `make messages`"
    # A fuzzy header is left out of the .mo, and its plural rule with it.
    assert not po.metadata_is_fuzzy, f"{language}: the header is marked fuzzy"
    assert not untranslated, f"{language}: {len(untranslated)} untranslated\n" + shown(untranslated)
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy\n" + shown(fuzzy)


def plural_count(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, f"{po.fpath}: no Plural-Forms header"
    return int(match.group(1))


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_plural_forms_are_djangos(language):
    # Arabic has six forms, Russian four (the fourth for fractions), Spanish three (the
    # third for millions), Chinese one. The header is the one of Django's own catalogue
    # for the language: with another, Django keeps the two apart and each string picks
    # its forms by its own catalogue's rule.
    django_po = polib.pofile(
        str(Path(django.__file__).parent / "conf/locale" / language / "LC_MESSAGES/django.po")
    )
    po = catalogue(language)
    assert plural_count(po) == plural_count(django_po)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == plural_count(po), f"{language}: {entry.msgid!r}"


def compiled_messages(mo: polib.MOFile) -> dict[tuple[str, str, str], object]:
    return {key(e): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr) for e in mo if e.msgid}


@pytest.mark.parametrize("language", TRANSLATED)
def test_committed_mo_is_compiled_from_its_po(language, tmp_path):
    committed = po_path(language).with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run `make messages`"
    # What msgfmt makes of the .po today (fuzzy and untranslated entries left out)…
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(po_path(language))],
        check=True,
        capture_output=True,
    )
    # …is what the committed .mo says.
    expected = polib.mofile(str(fresh))
    actual = polib.mofile(str(committed))
    assert compiled_messages(actual) == compiled_messages(expected), (
        f"{committed} is out of date: run `make messages` (or compilemessages)"
    )
    plural_forms = catalogue(language).metadata["Plural-Forms"]
    assert actual.metadata.get("Plural-Forms") == expected.metadata.get("Plural-Forms")
    assert actual.metadata.get("Plural-Forms") == plural_forms


# %(name)s, %s, %d, %(count)d… (not "%%"), and str.format's {name}.
PERCENT = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text: str) -> list[str]:
    found = [p for p in PERCENT.findall(text) if p != "%%"]
    named = sorted(p for p in found if p.startswith("%("))
    # Positional ones are filled in order: their order is part of the meaning.
    positional = [p for p in found if not p.startswith("%(")]
    return named + positional + sorted(BRACE.findall(text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    problems = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            forms = sorted(entry.msgstr_plural.items())
        else:
            expected = placeholders(entry.msgid)
            forms = [(None, entry.msgstr)]
        last = len(forms) - 1
        for index, text in forms:
            found = placeholders(text)
            # As msgfmt allows: a plural form other than the general one ("other", the
            # last) may spell the number out ("تعهد واحد", "un seul") and drop the count
            # placeholder, and only that one; nothing may be added or otherwise dropped.
            dropped = [p for p in expected if p not in found]
            count_spelled_out = (
                index is not None
                and index != last
                and len(dropped) == 1
                and sorted(found) == sorted(p for p in expected if p != dropped[0])
            )
            if found != expected and not count_spelled_out:
                where = f"[{index}]" if index is not None else ""
                problems.append(f"  {entry.msgid[:60]!r}{where}: {placeholders(text)}")
    assert not problems, f"{language}: placeholders changed (expected those of msgid)\n" + (
        "\n".join(problems)
    )


def test_placeholders_reads_each_style():
    assert placeholders("%(n)d of %(total)s, %s and {name}, 100 %%") == [
        "%(n)d",
        "%(total)s",
        "%s",
        "{name}",
    ]


def project_copy(destination: Path) -> Path:
    """The sources makemessages reads (code, templates), without the committed
    catalogues, so that a run writes a catalogue of what the code marks today."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skip = {".git", ".venv", "__pycache__", "locale", "node_modules", "htmlcov"}
        relative = Path(directory).relative_to(BASE_DIR)
        if relative == Path("."):
            skip |= {p.split("/")[0] for p in IGNORE}
        return {
            name
            for name in names
            if name in skip
            or name.startswith(".")
            or name.endswith(".egg-info")
            or ((Path(directory) / name).is_file() and not name.endswith((".py", ".html", ".txt")))
        }

    copy = destination / "project"
    shutil.copytree(BASE_DIR, copy, ignore=ignore)
    (copy / "locale").mkdir()
    return copy


def test_every_marked_string_is_in_the_committed_catalogues(tmp_path):
    copy = project_copy(tmp_path)
    arguments = ["--no-obsolete", "--add-location=file"]
    for pattern in IGNORE:
        arguments += ["-i", pattern]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", *arguments],
        cwd=copy,
        env={**os.environ, "DJANGO_DEBUG": "true", "PYTHONPATH": str(copy)},
        check=True,
        capture_output=True,
    )
    in_code = {key(e) for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    for language in TRANSLATED:
        committed = {key(e) for e in catalogue(language) if not e.obsolete}
        missing = sorted(in_code - committed)
        stale = sorted(committed - in_code)
        assert not missing, (
            f"{language}: {len(missing)} marked strings are not in the catalogue; run "
            "`make messages` and translate them:\n" + "\n".join(f"  {m[1][:90]!r}" for m in missing)
        )
        assert not stale, (
            f"{language}: {len(stale)} entries are no longer in the code; run `make messages`:\n"
            + "\n".join(f"  {s[1][:90]!r}" for s in stale[:15])
        )
