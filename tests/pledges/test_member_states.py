import pytest

from pledges.member_states import m49_region, member_states, member_states_load
from pledges.models import Actor

pytestmark = pytest.mark.django_db


def test_member_states_are_the_193_un_members():
    codes = {state.alpha3 for state in member_states()}

    assert len(codes) == 193
    assert "SSD" in codes  # South Sudan, admitted 2011
    assert "PSE" not in codes  # the State of Palestine: observer State
    assert "VAT" not in codes  # the Holy See: observer State
    assert "TWN" not in codes
    assert "XKX" not in codes


def test_member_states_load_kenya_with_m49_region(member_states):
    kenya = Actor.objects.get(code="KEN")

    assert (kenya.kind, kenya.name, kenya.country.code) == ("state", "Kenya", "KE")
    assert (kenya.region, kenya.subregion) == ("Africa", "Eastern Africa")
    assert kenya.is_un_member


@pytest.mark.parametrize(
    ("code", "name", "region", "subregion"),
    [
        ("TUR", "Türkiye", "Asia", "Western Asia"),
        ("CIV", "Côte d'Ivoire", "Africa", "Western Africa"),
        ("MEX", "Mexico", "Americas", "Central America"),
        ("COD", "Democratic Republic of the Congo", "Africa", "Middle Africa"),
        ("KOR", "Republic of Korea", "Asia", "Eastern Asia"),
        ("VNM", "Viet Nam", "Asia", "South-eastern Asia"),
        ("FJI", "Fiji", "Oceania", "Melanesia"),
    ],
)
def test_member_states_names_and_regions_read_well(member_states, code, name, region, subregion):
    state = Actor.objects.get(code=code)

    assert (state.name, state.region, state.subregion) == (name, region, subregion)


def test_member_states_load_is_idempotent(member_states):
    counts = member_states_load()["member states"]

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 193)
    assert Actor.objects.filter(kind=Actor.Kind.STATE, is_un_member=True).count() == 193


def test_member_states_load_repairs_an_edited_state(member_states):
    Actor.objects.filter(code="KEN").update(name="Kenia", subregion="")

    counts = member_states_load()["member states"]

    assert counts.updated == 1
    assert Actor.objects.get(code="KEN").name == "Kenya"


def test_m49_region_knows_non_members():
    assert m49_region("PS") == ("Asia", "Western Asia")
    assert m49_region("") == ("", "")
