"""Time the reference-data loaders (`manage.py seed`'s steps) and the text parsers.

    DJANGO_SETTINGS_MODULE=gcm_tracker.settings .venv/bin/python scripts/bench_loaders.py

Each loader runs in a transaction that is rolled back (dry run), first on the database
as it is and then again; parsers run on the shipped texts. Timings are printed, never
asserted: tests pin behaviour, this script measures it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_tracker.settings")

import django

django.setup()

from gcm_tracker.seeding import REFERENCE_DATA  # noqa: E402
from objectives.compact_text import parse_compact  # noqa: E402
from objectives.services import DEFAULT_COMPACT_PATH  # noqa: E402
from reviews.declaration import DECLARATION_PATH, parse_declaration  # noqa: E402
from reviews.mentions import FIXTURES, REPORTS_PATH  # noqa: E402
from reviews.reports import parse_report  # noqa: E402


def timed(label: str, call, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{elapsed * 1000:9.1f} ms  {label}")
    return elapsed


def main() -> None:
    compact_text = DEFAULT_COMPACT_PATH.read_text(encoding="utf-8")
    declaration_text = DECLARATION_PATH.read_text(encoding="utf-8")
    print("parsers (mean of 20 runs)")
    timed(
        "parse_compact (objectives, principles, whole document)",
        lambda: parse_compact(compact_text),
        20,
    )
    timed("parse_declaration", lambda: parse_declaration(declaration_text), 20)
    for report in json.loads(REPORTS_PATH.read_text(encoding="utf-8"))["reports"]:
        report_text = (FIXTURES / report["file"]).read_text(encoding="utf-8")
        timed(
            f"parse_report ({report['slug']})",
            lambda text=report_text, report=report: parse_report(
                text,
                last_paragraph=report["last_paragraph"],
                annex_paragraphs=report.get("annex_paragraphs", 0),
            ),
            20,
        )
    print("loaders (dry run, rolled back)")
    total = 0.0
    for label, loader in REFERENCE_DATA:
        total += timed(label, lambda loader=loader: loader(dry_run=True))
    print(f"{total * 1000:9.1f} ms  all of `seed` (dry run)")


if __name__ == "__main__":
    main()
