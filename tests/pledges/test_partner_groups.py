"""The partners field without JavaScript (issue 16): the <select multiple> groups the
Member States and the organisations under headings (<optgroup>), in the page's language."""

import re

import pytest
from django.utils import translation

from tests.factories import StakeholderFactory
from tests.pledges.test_workspace import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # A page in /fr/ or /es/ activates its language in this thread: put English back after.
    with translation.override("en"):
        yield


def _groups(html: str) -> dict[str, list[str]]:
    select = html.split('name="partners"', 1)[1].split("</select>", 1)[0]
    return {
        label: re.findall(r'<option value="([^"]+)"', body)
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    }


@pytest.mark.parametrize(
    ("prefix", "states", "organisations"),
    [
        ("", "Member States", "Organisations and other stakeholders"),
        ("/fr", "États Membres", "Organisations et autres parties prenantes"),
        ("/es", "Estados Miembros", "Organizaciones y otras partes interesadas"),
    ],
)
def test_the_partner_choices_are_grouped_under_translated_headings(
    client, focal_ken, prefix, states, organisations
):
    StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")
    signed_in(client, focal_ken)

    html = client.get(f"{prefix}/workspace/pledges/new/").content.decode()

    groups = _groups(html)
    assert list(groups) == [states, organisations]
    assert "MEX" in groups[states] and "KEN" in groups[states]
    assert groups[organisations] == ["migrant-rights-ngo"]
