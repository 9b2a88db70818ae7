"""Demo focal points, a demo stakeholder and demo pledges, for `seed_demo` only.

Everything goes through the services, so demo data obeys the same rules as real
data. Idempotent: pledges are found again by their "[Demo]" title.

Each pledge lives its life in the past (`DEMO_LIVES`): drafted, its partners' answers,
submitted, published or returned, progress reported on each update's date, withdrawn —
every step inside `core.clock.at(that day)`, so the services date it (published_at,
the history rows, the change feed) as if it had happened then. A snapshot
reconstructed for the 2022 IMRF shows the record as it stood, and the dashboard's
running total grows over the years. The two fields Django fills with the real time
itself (the pledge's `created_at`/`updated_at`, an update's `created_at`) are dated
explicitly at the end of each life.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core import clock

from . import services
from .models import Actor, Pledge, ProgressUpdate

DEMO_NGO = {
    "code": "demo-migrant-rights-network",
    "name": "[Demo] East Africa Migrant Rights Network",
    "category": Actor.Category.CIVIL_SOCIETY,
    "country": "KE",
}

# username, first name, last name, actor code
DEMO_FOCAL_POINTS = [
    ("focal-ken", "Wanjiru", "Kamau", "KEN"),
    ("focal-mex", "Lucía", "Hernández", "MEX"),
    ("focal-ngo", "Amina", "Odhiambo", DEMO_NGO["code"]),
]

MEASURE = (
    " Progress will be measured against a baseline taken in the first year, with "
    "figures disaggregated by sex, age and migratory status, and reported to the UN "
    "Network on Migration every year until the target date. This is demonstration "
    "data created by seed_demo and does not describe a real commitment."
)

# A financial demo pledge's amount and currency, by title.
DEMO_AMOUNTS = {
    "Remittance costs below 3 % on the Kenya–Gulf corridor": (Decimal("2500000.00"), "USD"),
}

# title, lead, partners, mode, type, objectives, actions, principles, scope, start,
# target, final status, updates [(date, implementation, percent, narrative)]
DEMO_PLEDGES = [
    (
        "Fair recruitment for Kenyan workers abroad",
        "KEN",
        [],
        "individual",
        "policy",
        [6],
        ["6(a)", "6(d)"],
        ["people-centred"],
        "national",
        (2023, 1, 1),
        (2026, 12, 31),
        "published",
        [
            ((2024, 6, 30), "in_progress", 40, "Recruitment fee register published online."),
            ((2025, 6, 30), "in_progress", 70, "Three bilateral labour agreements revised."),
        ],
        "Kenya will abolish recruitment fees charged to workers, license and audit "
        "private recruitment agencies, and revise its bilateral labour agreements so "
        "that employers bear the cost of recruitment.",
    ),
    (
        "Birth registration for children of migrants",
        "KEN",
        [],
        "individual",
        "process",
        [4],
        ["4(a)"],
        ["child-sensitive"],
        "national",
        (2024, 1, 1),
        (2027, 12, 31),
        "submitted",
        [],
        "Kenya will make civil registration offices register every child born on its "
        "territory, whatever the status of the parents, and issue documents free of "
        "charge through mobile registration in border counties.",
    ),
    (
        "Remittance costs below 3 % on the Kenya–Gulf corridor",
        "KEN",
        [DEMO_NGO["code"]],
        "partnership",
        "financial",
        [20],
        ["20(a)"],
        ["sustainable-development"],
        "regional",
        (2024, 7, 1),
        (2030, 12, 31),
        "published",
        [((2025, 3, 31), "in_progress", 25, "Average cost down from 6.1 % to 4.8 %.")],
        "Kenya and its partners will publish remittance prices every quarter, license "
        "digital transfer providers and promote competition so that the average cost of "
        "sending money home falls below 3 %, the Progress Declaration's target.",
    ),
    (
        "Migration data unit in the national statistics office",
        "KEN",
        [],
        "individual",
        "human_resources",
        [1],
        ["1(a)"],
        [],
        "national",
        (2022, 1, 15),
        (2024, 12, 31),
        "published",
        [
            ((2022, 4, 29), "in_progress", 20, "Terms of reference adopted; hiring begun."),
            ((2023, 6, 30), "in_progress", 60, "Four of the five statisticians in post."),
            ((2024, 12, 15), "fulfilled", 100, "Unit staffed; first migration profile out."),
        ],
        "Kenya will second five statisticians to a migration data unit that publishes an "
        "annual migration profile from census, survey and administrative data.",
    ),
    (
        "Alternatives to detention for migrant children",
        "MEX",
        [],
        "individual",
        "policy",
        [13],
        ["13(h)"],
        ["child-sensitive", "human-rights"],
        "national",
        (2023, 3, 1),
        (2026, 3, 1),
        "published",
        [((2024, 9, 30), "in_progress", 50, "Shelter network covers 20 of 32 states.")],
        "Mexico will end the immigration detention of children by placing them and their "
        "families in community shelters run by child protection authorities.",
    ),
    (
        "Consular protection network for Mexicans abroad",
        "MEX",
        [],
        "individual",
        "process",
        [14],
        ["14(a)"],
        ["whole-of-government-approach"],
        "global",
        (2024, 1, 1),
        (2028, 12, 31),
        "returned",
        [],
        "Mexico will extend consular assistance hours, open mobile consulates in remote "
        "areas and train consular staff in the identification of victims of trafficking.",
    ),
    (
        "Regional search mechanism for missing migrants",
        "MEX",
        ["KEN"],
        "common",
        "process",
        [8],
        ["8(a)"],
        ["international-cooperation"],
        "regional",
        (2024, 5, 1),
        (2027, 5, 1),
        "published",
        [],
        "Mexico, with other States, will share forensic data through a regional mechanism "
        "so that families can search for missing relatives across borders.",
    ),
    (
        "Labour inspection in agriculture",
        "MEX",
        [],
        "individual",
        "policy",
        [6],
        [],
        [],
        "national",
        (2025, 1, 1),
        (2027, 1, 1),
        "draft",
        [],
        "Mexico will double labour inspections in agricultural regions that employ "
        "seasonal migrant workers and publish the results by municipality.",
    ),
    (
        "Legal aid clinics for migrants in Nairobi and Mombasa",
        DEMO_NGO["code"],
        [],
        "individual",
        "human_resources",
        [15, 16],
        ["15(a)"],
        ["rule-of-law-and-due-process"],
        "local",
        (2024, 1, 1),
        (2025, 12, 31),
        "published",
        [
            ((2024, 7, 1), "in_progress", 30, "Two clinics open; 410 people advised."),
            ((2025, 1, 15), "discontinued", None, "Mombasa clinic closed for lack of funds."),
        ],
        "The network will run free legal aid clinics that advise migrants on residence, "
        "labour and asylum matters, staffed by volunteer lawyers and paralegals.",
    ),
    (
        "Migrant-led monitoring of recruitment agencies",
        DEMO_NGO["code"],
        [],
        "individual",
        "process",
        [6],
        ["6(e)"],
        ["whole-of-society-approach"],
        "regional",
        (2025, 1, 1),
        (2026, 12, 31),
        "submitted",
        [],
        "The network will train returned migrant workers to monitor recruitment agencies "
        "and report abusive practices to the authorities through a public hotline.",
    ),
    (
        "Answering Kenya's remittance pledge with financial literacy",
        DEMO_NGO["code"],
        [],
        "matching",
        "human_resources",
        [20],
        [],
        [],
        "local",
        (2025, 2, 1),
        (2026, 6, 30),
        "draft",
        [],
        "The network will run financial literacy courses for migrants' families so that "
        "they can compare providers and choose the cheapest ways to receive money.",
    ),
    (
        "Gender-responsive reintegration for returning women",
        "KEN",
        [],
        "individual",
        "policy",
        [21],
        ["21(h)"],
        ["gender-responsive"],
        "national",
        (2020, 1, 1),
        (2023, 12, 31),
        "withdrawn",
        [((2021, 6, 30), "in_progress", 35, "First 120 reintegration packages awarded.")],
        "Kenya will fund reintegration packages designed with returning women migrants, "
        "including psychosocial support and small-business grants.",
    ),
]


# When each step of a demo pledge's life happens (year, month, day). "answered": its
# invited partners accept. A pledge published before the IMRF of May 2022 and fulfilled
# since (the migration data unit), one published and withdrawn since (reintegration),
# and the rest published after it.
DEMO_LIVES: dict[str, dict[str, tuple[int, int, int]]] = {
    "Gender-responsive reintegration for returning women": {
        "created": (2019, 10, 7),
        "submitted": (2019, 11, 4),
        "published": (2019, 12, 10),
        "withdrawn": (2023, 2, 27),
    },
    "Migration data unit in the national statistics office": {
        "created": (2021, 10, 4),
        "submitted": (2021, 10, 20),
        "published": (2022, 1, 20),
    },
    "Fair recruitment for Kenyan workers abroad": {
        "created": (2022, 9, 12),
        "submitted": (2022, 10, 3),
        "published": (2022, 11, 15),
    },
    "Alternatives to detention for migrant children": {
        "created": (2022, 11, 21),
        "submitted": (2023, 1, 16),
        "published": (2023, 2, 14),
    },
    "Consular protection network for Mexicans abroad": {
        "created": (2023, 9, 11),
        "submitted": (2023, 10, 2),
        "returned": (2023, 11, 6),
    },
    "Birth registration for children of migrants": {
        "created": (2023, 10, 9),
        "submitted": (2023, 11, 20),
    },
    "Legal aid clinics for migrants in Nairobi and Mombasa": {
        "created": (2023, 10, 16),
        "submitted": (2023, 11, 13),
        "published": (2023, 12, 5),
    },
    "Regional search mechanism for missing migrants": {
        "created": (2024, 2, 5),
        "answered": (2024, 2, 19),
        "submitted": (2024, 3, 18),
        "published": (2024, 4, 16),
    },
    "Remittance costs below 3 % on the Kenya–Gulf corridor": {
        "created": (2024, 3, 4),
        "answered": (2024, 3, 25),
        "submitted": (2024, 4, 8),
        "published": (2024, 5, 21),
    },
    "Migrant-led monitoring of recruitment agencies": {
        "created": (2024, 10, 14),
        "submitted": (2024, 11, 25),
    },
    "Labour inspection in agriculture": {"created": (2024, 11, 18)},
    "Answering Kenya's remittance pledge with financial literacy": {"created": (2025, 1, 27)},
}


def _on(day: tuple[int, int, int]) -> datetime.datetime:
    """A demo step's moment: that day, mid-morning UTC."""
    return datetime.datetime.combine(datetime.date(*day), datetime.time(10), tzinfo=datetime.UTC)


@transaction.atomic
def demo_data_create(*, password: str, staff) -> dict[str, int]:
    """Create the demo focal points and pledges that do not exist yet; returns counts.

    Needs the reference data (`python manage.py seed`) to be loaded first.
    """
    if not Actor.objects.filter(code="KEN").exists():
        raise ImproperlyConfigured("Load the reference data first: python manage.py seed")
    User = get_user_model()
    ngo = Actor.objects.filter(code=DEMO_NGO["code"]).first() or (
        services.actor_create_stakeholder(**DEMO_NGO)
    )
    users = {}
    for username, first, last, code in DEMO_FOCAL_POINTS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": f"{last} (demo)",
                "email": f"{username}@demo.gcm-tracker.invalid",
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        actor = ngo if code == ngo.code else Actor.objects.get(code=code)
        services.focal_point_add(user=user, actor=actor)
        users[code] = user

    created = 0
    for (
        title, lead, partners, mode, pledge_type, objectives, actions, principles, scope,
        start, target, status, updates, text,
    ) in DEMO_PLEDGES:  # fmt: skip
        amount, currency = DEMO_AMOUNTS.get(title, (None, ""))
        life = DEMO_LIVES[title]
        title = f"[Demo] {title}"
        if Pledge.objects.filter(title=title).exists():
            continue
        matches = ""
        if mode == "matching":
            matched = Pledge.objects.filter(
                title__startswith="[Demo] Remittance costs", status="published"
            ).first()
            matches = matched.code if matched else ""
        with clock.at(_on(life["created"])):
            pledge = services.pledge_create(
                user=users[lead],
                lead=lead,
                title=title,
                description=f"[Demo] {text}{MEASURE}",
                mode=mode,
                pledge_type=pledge_type,
                objectives=objectives,
                actions=actions,
                principles=principles,
                partners=partners,
                scope=scope,
                start_date=datetime.date(*start),
                target_date=datetime.date(*target),
                matches=matches,
                amount=amount,
                currency=currency,
            )
        if "answered" in life:
            with clock.at(_on(life["answered"])):
                for partnership in pledge.partnerships.select_related("actor"):
                    services.partnership_accept(
                        partnership=partnership,
                        user=users[partnership.actor.code],
                        share="[Demo] Staff time and data.",
                    )
        pledge = _move_to(pledge, life, focal=users[lead], staff=staff)
        for date, implementation, percent, narrative in updates:
            with clock.at(_on(date)):
                update = services.progress_update_create(
                    pledge=pledge,
                    user=users[lead],
                    date=datetime.date(*date),
                    implementation=implementation,
                    percent=percent,
                    narrative=f"[Demo] {narrative}",
                )
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_on(date))
        if status == "withdrawn":
            with clock.at(_on(life["withdrawn"])):
                pledge = services.pledge_withdraw(pledge=pledge, user=users[lead])
        last = max([*life.values(), *(date for date, *_ in updates)])
        Pledge.objects.filter(pk=pledge.pk).update(
            created_at=_on(life["created"]), updated_at=_on(last)
        )
        created += 1
    return {"pledges created": created, "focal points": len(users)}


def _move_to(pledge: Pledge, life: dict[str, tuple[int, int, int]], *, focal, staff) -> Pledge:
    """Submit, then publish or return, each on its day of `life`. A withdrawn pledge is
    published first if its life says so (it is withdrawn after its updates)."""
    if "submitted" not in life:
        return pledge
    with clock.at(_on(life["submitted"])):
        pledge = services.pledge_submit(pledge=pledge, user=focal)
    if "published" in life:
        with clock.at(_on(life["published"])):
            return services.pledge_publish(pledge=pledge, user=staff)
    if "returned" in life:
        with clock.at(_on(life["returned"])):
            return services.pledge_return(
                pledge=pledge,
                user=staff,
                reason="[Demo] Please add a measurable target for each year.",
            )
    return pledge
