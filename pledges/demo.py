"""Demo focal points, a demo stakeholder and demo pledges, for `seed_demo` only.

Everything goes through the services, so demo data obeys the same rules as real
data. Idempotent: pledges are found again by their "[Demo]" title.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from . import services
from .models import Actor, Pledge

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
        (2022, 6, 1),
        (2024, 12, 31),
        "published",
        [((2024, 12, 15), "fulfilled", 100, "Unit staffed; first migration profile out.")],
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
        (2022, 1, 1),
        (2023, 12, 31),
        "withdrawn",
        [],
        "Kenya will fund reintegration packages designed with returning women migrants, "
        "including psychosocial support and small-business grants.",
    ),
]


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
        title = f"[Demo] {title}"
        if Pledge.objects.filter(title=title).exists():
            continue
        matches = ""
        if mode == "matching":
            matched = Pledge.objects.filter(
                title__startswith="[Demo] Remittance costs", status="published"
            ).first()
            matches = matched.code if matched else ""
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
        pledge = _move_to(pledge, status, focal=users[lead], staff=staff)
        for date, implementation, percent, narrative in updates:
            services.progress_update_create(
                pledge=pledge,
                user=users[lead],
                date=datetime.date(*date),
                implementation=implementation,
                percent=percent,
                narrative=f"[Demo] {narrative}",
            )
        created += 1
    return {"pledges created": created, "focal points": len(users)}


def _move_to(pledge: Pledge, status: str, *, focal, staff) -> Pledge:
    if status == "draft":
        return pledge
    if status == "withdrawn":
        return services.pledge_withdraw(pledge=pledge, user=focal)
    pledge = services.pledge_submit(pledge=pledge, user=focal)
    if status == "published":
        return services.pledge_publish(pledge=pledge, user=staff)
    if status == "returned":
        return services.pledge_return(
            pledge=pledge,
            user=staff,
            reason="[Demo] Please add a measurable target for each year.",
        )
    return pledge
