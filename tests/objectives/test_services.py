"""The compact loader (objectives.services.compact_load and `load_compact`)."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from objectives.models import Action, CompactSource, GuidingPrinciple, Objective
from objectives.services import compact_load

from .editions import adopted_edition, line_of, seed_text, truncated, with_line

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything the loader writes, in a comparable form."""
    return {
        "objectives": list(
            Objective.objects.values_list("number", "title", "commitment", "paragraph")
        ),
        "actions": list(Action.objects.values_list("objective__number", "letter", "order", "text")),
        "principles": list(GuidingPrinciple.objects.values_list("slug", "name", "description")),
    }


def empty_compact():
    # An empty database, as on a first `manage.py seed` (rolled back with the test):
    # other apps' rows protect the compact's, so delete everything.
    call_command("flush", "--no-input", verbosity=0)


@pytest.mark.smoke
def test_compact_load_creates_everything_from_the_real_text():
    empty_compact()

    counts = compact_load(text=seed_text(), file_name="rev2.txt")

    assert (counts["objectives"].created, counts["actions"].created) == (23, 189)
    assert counts["principles"].created == 10
    objective = Objective.objects.get(number=13)
    assert objective.title.startswith("Use immigration detention only as a measure of last resort")
    assert objective.paragraph == 28
    assert objective.actions.count() == 8
    assert Action.objects.get(objective__number=2, letter="a").text.count("Paris Agreement ") == 1
    assert objective.source.edition == "Draft Rev 2, 28 May 2018"


def test_compact_load_again_changes_nothing_and_says_so(compact):
    before = snapshot()

    counts = compact_load(text=seed_text(), file_name="rev2.txt")

    assert {kind: (c.created, c.updated, c.removed) for kind, c in counts.items()} == {
        "principles": (0, 0, 0),
        "objectives": (0, 0, 0),
        "actions": (0, 0, 0),
        "paragraphs": (0, 0, 0),
    }
    assert counts["actions"].unchanged == 189
    assert snapshot() == before


def test_compact_load_restores_a_changed_action_and_counts_it(compact):
    action = Action.objects.get(objective__number=5, letter="c")
    original = action.text
    Action.objects.filter(pk=action.pk).update(text="Tampered with")

    counts = compact_load(text=seed_text())

    assert (counts["actions"].updated, counts["actions"].unchanged) == (1, 188)
    action.refresh_from_db()
    assert action.text == original


def test_compact_load_adopted_edition_updates_in_place(compact):
    ids_before = dict(Action.objects.values_list("objective__number", "id")[:5])
    texts_before = snapshot()["actions"]
    text = adopted_edition(seed_text(), titles={1: "Collect and utilize accurate data"})

    counts = compact_load(text=text, file_name="a-res-73-195.txt")

    assert counts["objectives"].updated == 23  # paragraphs are numbered one higher
    # Every action now cites the new edition as its source; the words are the same.
    assert counts["actions"].updated == 189
    assert snapshot()["actions"] == texts_before
    assert Action.objects.filter(source__edition="A/RES/73/195").count() == 189
    assert Objective.objects.get(number=1).title == "Collect and utilize accurate data"
    assert Objective.objects.get(number=1).paragraph == 17
    assert dict(Action.objects.values_list("objective__number", "id")[:5]) == ids_before
    assert Objective.objects.get(number=23).source.edition == "A/RES/73/195"


def test_compact_load_removes_an_action_the_new_text_drops(compact):
    text = seed_text()
    last_action_of_22 = line_of(text, "- d) ", after=line_of(text, "OBJECTIVE 22:"))
    text = with_line(text, last_action_of_22, "")

    counts = compact_load(text=text)

    assert counts["actions"].removed == 1
    assert not Action.objects.filter(objective__number=22, letter="d").exists()


def test_compact_load_refuses_a_broken_text_and_writes_nothing(compact):
    before = snapshot()
    text = seed_text()
    broken = with_line(text, line_of(text, "OBJECTIVE 7:"), "OBJECTIVE 6: Repeated")

    with pytest.raises(ValidationError) as caught:
        compact_load(text=broken, file_name="broken.txt")

    assert "broken.txt, line" in caught.value.messages[0]
    assert "objective 6" in caught.value.messages[0]
    assert snapshot() == before


def test_compact_load_dry_run_writes_nothing():
    empty_compact()

    counts = compact_load(text=seed_text(), dry_run=True)

    assert counts["objectives"].created == 23
    assert not Objective.objects.exists()
    assert not CompactSource.objects.exists()


# --- the command ------------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("load_compact", *args, stdout=out)
    return out.getvalue()


def test_load_compact_command_reports_counts_per_kind(compact):
    output = run()

    assert "objectives: 0 created, 0 updated, 23 unchanged" in output
    assert "actions: 0 created, 0 updated, 189 unchanged" in output
    assert "already loaded, nothing changed" in output


def test_load_compact_command_loads_another_edition_with_crlf(compact, tmp_path):
    path = tmp_path / "a-res-73-195.txt"
    path.write_bytes(adopted_edition(seed_text()).encode())  # BOM + CRLF

    output = run(str(path))

    assert "objectives: 0 created, 23 updated, 0 unchanged" in output
    assert Objective.objects.get(number=1).paragraph == 17


def test_load_compact_command_refuses_a_truncated_file_naming_the_line(compact, tmp_path):
    before = snapshot()
    text = seed_text()
    keep = line_of(text, "OBJECTIVE 20:") + 6
    path = tmp_path / "cut.txt"
    path.write_text(truncated(text, keep))

    with pytest.raises(CommandError) as caught:
        run(str(path))

    assert caught.value.args[0].startswith("cut.txt, line ")
    assert "truncated" in caught.value.args[0]
    assert snapshot() == before


def test_load_compact_command_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Objective 1: Migración".encode("latin-1"))

    with pytest.raises(CommandError, match="is not UTF-8"):
        run(str(path))


def test_load_compact_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run(str(tmp_path / "nowhere.txt"))


def test_load_compact_command_dry_run(compact, tmp_path):
    path = tmp_path / "a-res-73-195.txt"
    path.write_text(adopted_edition(seed_text()))

    output = run(str(path), "--dry-run")

    assert "objectives: 0 created, 23 updated" in output
    assert "Dry run: nothing was written." in output
    assert Objective.objects.get(number=1).paragraph == 16


def test_seed_command_is_idempotent(compact):
    call_command("seed", stdout=StringIO())
    out = StringIO()
    call_command("seed", stdout=out)

    output = out.getvalue()
    assert "[1/" in output
    assert "objectives: 0 created, 0 updated, 23 unchanged" in output
    assert " 0 created, 0 updated" in output.splitlines()[-1]
