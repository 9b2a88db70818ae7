"""The 193 UN Member States, from well-kept libraries rather than a hand-typed list.

- Membership and the UN M49 geography come from country_converter's data file
  (its `UNmember` column holds the year of admission; `UNregion` the M49
  sub-region, or the intermediate region where M49 has one, e.g. "Eastern Africa"
  rather than "Sub-Saharan Africa").
- Names and codes come from pycountry (ISO 3166-1).

The data file is read directly: country_converter's converter class does not load
under pandas 3, and the file is all we need.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import country_converter
import pycountry
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.loading import Counts, save_if_changed

from .models import Actor

COCO_DATA = Path(country_converter.__file__).with_name("country_data.tsv")

# The UN M49 region of each (intermediate or) sub-region. country_converter's own
# continent column says "America" and puts Cyprus in Europe; M49 says "Americas"
# and Western Asia, so the region is derived from the sub-region.
M49_REGION = {
    "Northern Africa": "Africa",
    "Eastern Africa": "Africa",
    "Middle Africa": "Africa",
    "Southern Africa": "Africa",
    "Western Africa": "Africa",
    "Caribbean": "Americas",
    "Central America": "Americas",
    "South America": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}


# The M49 names as the UN Statistics Division gives them in the six languages: the data
# keeps the English name (a stable key: filters, the API, the aggregates); pages and
# files show it in the reader's language (`m49_name`).
M49_NAMES: dict[str, Promise] = {
    "Africa": _("Africa"),
    "Americas": _("Americas"),
    "Asia": _("Asia"),
    "Europe": _("Europe"),
    "Oceania": _("Oceania"),
    "Northern Africa": _("Northern Africa"),
    "Eastern Africa": _("Eastern Africa"),
    "Middle Africa": _("Middle Africa"),
    "Southern Africa": _("Southern Africa"),
    "Western Africa": _("Western Africa"),
    "Caribbean": _("Caribbean"),
    "Central America": _("Central America"),
    "South America": _("South America"),
    "Northern America": _("Northern America"),
    "Central Asia": _("Central Asia"),
    "Eastern Asia": _("Eastern Asia"),
    "South-eastern Asia": _("South-eastern Asia"),
    "Southern Asia": _("Southern Asia"),
    "Western Asia": _("Western Asia"),
    "Eastern Europe": _("Eastern Europe"),
    "Northern Europe": _("Northern Europe"),
    "Southern Europe": _("Southern Europe"),
    "Western Europe": _("Western Europe"),
    "Australia and New Zealand": _("Australia and New Zealand"),
    "Melanesia": _("Melanesia"),
    "Micronesia": _("Micronesia"),
    "Polynesia": _("Polynesia"),
}


def m49_name(value: str) -> str:
    """A region's or sub-region's name in the active language (the key itself if M49
    does not name it)."""
    name = M49_NAMES.get(value)
    return str(name) if name is not None else value


def m49_choices(regions) -> list[tuple[str, Promise | str]]:
    """Filter choices for regions: the key as value, the name in the reader's language."""
    return [(region, M49_NAMES.get(region, region)) for region in regions]


@dataclass(frozen=True)
class MemberState:
    alpha3: str
    alpha2: str
    name: str
    region: str
    subregion: str


def display_name(country) -> str:
    """The ISO 3166 short name, with ISO's inverted form turned around for reading.

    "Korea, Republic of" -> "Republic of Korea"; "Congo, The Democratic Republic of
    the" -> "Democratic Republic of the Congo". Names without a comma (Türkiye,
    Côte d'Ivoire, Viet Nam) are ISO's as they are.
    """
    name = country.name
    if ", " not in name:
        return name
    head, _, tail = name.partition(", ")
    turned = f"{tail} {head}"
    return turned[4:] if turned.startswith("The ") else turned


@cache
def member_states() -> tuple[MemberState, ...]:
    """The UN Member States, ordered by alpha-3 code. Reads two data files once."""
    with COCO_DATA.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["UNmember"].strip()]
    states = []
    for row in rows:
        country = pycountry.countries.get(alpha_3=row["ISO3"])
        if country is None:
            raise LookupError(f"{row['ISO3']} is a UN member but not in ISO 3166 (pycountry)")
        subregion = row["UNregion"]
        states.append(
            MemberState(
                alpha3=country.alpha_3,
                alpha2=country.alpha_2,
                name=display_name(country),
                region=M49_REGION[subregion],
                subregion=subregion,
            )
        )
    return tuple(sorted(states, key=lambda s: s.alpha3))


@transaction.atomic
def member_states_load(*, dry_run: bool = False) -> dict[str, Counts]:
    """The reference-data step: create or update an Actor per Member State by code.

    A State that left the list is not deleted (its pledges PROTECT it) but marked
    `is_un_member=False`, counted as updated. Three queries plus one per change.
    """
    counts = Counts()
    existing = {a.code: a for a in Actor.objects.filter(kind=Actor.Kind.STATE)}
    for state in member_states():
        actor = existing.pop(state.alpha3, None) or Actor(kind=Actor.Kind.STATE, code=state.alpha3)
        values = {
            "name": state.name,
            "country": state.alpha2,
            "region": state.region,
            "subregion": state.subregion,
            "is_un_member": True,
            "category": "",
        }
        counts.add(save_if_changed(actor, values))
    for actor in existing.values():
        counts.add(save_if_changed(actor, {"is_un_member": False}))
    if dry_run:
        transaction.set_rollback(True)
    return {"member states": counts}


@cache
def _m49_by_alpha2() -> dict[str, tuple[str, str]]:
    with COCO_DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    places = {}
    for row in rows:
        country = pycountry.countries.get(alpha_3=row["ISO3"])
        if country is not None and row["UNregion"] in M49_REGION:
            places[country.alpha_2] = (M49_REGION[row["UNregion"]], row["UNregion"])
    return places


def m49_region(alpha2: str) -> tuple[str, str]:
    """(region, sub-region) of any ISO country, member or not; ("", "") if unknown."""
    return _m49_by_alpha2().get(str(alpha2 or "").upper(), ("", ""))
