"""The compact in another UN language: an edition translating the English one's rows
(objectives/services.py: `compact_edition_load`), shown in pages in that language."""

import pytest
from django.core.exceptions import ValidationError

from objectives.models import CompactSource, ObjectiveTranslation
from objectives.services import compact_edition_load

pytestmark = pytest.mark.django_db

# A small French edition: one objective's title, commitment and two actions, a principle.
FRENCH = """\
language: fr
edition: A/RES/73/195 (extrait)
objectives:
  6:
    title: Favoriser des pratiques de recrutement justes et éthiques
    commitment: Nous nous engageons à revoir les mécanismes de recrutement existants.
    actions:
      a: Promouvoir la signature et la ratification des instruments internationaux.
      b: S’appuyer sur les travaux de l’Organisation internationale du Travail.
principles:
  people-centred:
    name: Centré sur la personne
    description: Le Pacte mondial comporte une forte dimension humaine.
"""


def test_edition_in_another_language_translates_the_rows_it_names(compact):
    counts = compact_edition_load(text=FRENCH, file_name="gcm-fr.yaml")

    assert (counts["objectives"].created, counts["actions"].created) == (1, 2)
    assert counts["principles"].created == 1
    source = CompactSource.objects.get(language="fr")
    assert source.edition == "A/RES/73/195 (extrait)"
    assert ObjectiveTranslation.objects.get(source=source).objective.number == 6


def test_loading_the_same_edition_again_changes_nothing(compact):
    compact_edition_load(text=FRENCH)
    counts = compact_edition_load(text=FRENCH)

    assert counts["objectives"].unchanged == 1
    assert counts["actions"].unchanged == 2


def test_a_new_edition_in_a_language_replaces_the_earlier_ones_texts(compact):
    compact_edition_load(text=FRENCH)
    counts = compact_edition_load(text=FRENCH.replace("justes et éthiques", "équitables"))

    assert counts["objectives"].created == 1
    assert counts["objectives"].removed == 1
    assert ObjectiveTranslation.objects.get().title.endswith("équitables")


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (("language: fr", "language: de"), "language 'de'"),
        (("language: fr", "language: en"), "language 'en'"),
        (("  6:\n", "  24:\n"), "objective 24 is not in the compact"),
        (("      b:", "      z:"), "action 6(z) is not in the compact"),
        (("people-centred:", "people-first:"), "'people-first' is not in the compact"),
    ],
)
def test_edition_that_does_not_fit_the_compact_is_refused_whole(compact, edit, problem):
    with pytest.raises(ValidationError) as caught:
        compact_edition_load(text=FRENCH.replace(*edit), file_name="gcm-xx.yaml")

    assert problem in " ".join(caught.value.messages)
    assert not CompactSource.objects.exclude(language="en").exists()


def test_dry_run_writes_nothing(compact):
    counts = compact_edition_load(text=FRENCH, dry_run=True)

    assert counts["objectives"].created == 1
    assert not ObjectiveTranslation.objects.exists()


def test_pages_in_that_language_show_the_edition_marked_with_its_language(client, compact):
    compact_edition_load(text=FRENCH)

    french = client.get("/fr/objectives/6/").content.decode()
    spanish = client.get("/es/objectives/6/").content.decode()
    principles = client.get("/fr/principles/").content.decode()

    assert '<span lang="fr">Favoriser des pratiques de recrutement justes et éthiques</span>' in (
        french
    )
    assert '<p lang="fr">Promouvoir la signature' in french
    # Action (c) has no French text: the English, marked as English.
    assert '<p lang="en">' in french
    # No Spanish edition: the English text, marked.
    assert '<span lang="en">Facilitate fair and ethical recruitment' in spanish
    assert '<dt id="people-centred" lang="fr">Centré sur la personne</dt>' in principles


def test_command_loads_an_edition_from_a_file(compact, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "gcm-fr.yaml"
    path.write_text(FRENCH, encoding="utf-8")
    out = StringIO()

    call_command("load_compact_edition", str(path), stdout=out)

    assert "gcm-fr.yaml: loaded." in out.getvalue()
    assert ObjectiveTranslation.objects.count() == 1
