from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from core.history import system_actor
from core.roles import network_staff_group
from pledges.demo import DEMO_FOCAL_POINTS, demo_data_create
from reviews.demo import reviews_demo_load

DEMO_USERS = [
    # username, first name, last name, staff
    ("curator", "Cora", "Curator", True),
]


def demo_database_refusal(
    database: dict, *, debug: bool, why: str = "the demo accounts share a public password"
) -> str | None:
    """Why demo accounts (a public password) must not go into `database` (None: they may).
    `why` says what is wrong with demo data there (seed_scale: invented pledges).

    Only the embedded default qualifies: SQLite with DEBUG on, a developer's machine.
    Decided from the resolved settings, .env included, never from one variable.
    """
    if database["ENGINE"] == "django.db.backends.sqlite3" and debug:
        return None
    return (
        f"Not the embedded default (database {database['ENGINE'].rsplit('.', 1)[-1]} "
        f"{database.get('NAME')!s}, DEBUG {'on' if debug else 'off'}): {why}. "
        "Give --force to create them anyway."
    )


class Command(BaseCommand):
    help = (
        "Create the demo accounts (and, as the apps grow, demo pledges and reviews), "
        "clearly marked as demo data. For local development and demonstrations only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default="gcm-demo-2026", help="Password of every demo account."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create them in a database other than the embedded default too.",
        )
        parser.add_argument(
            "--only-embedded",
            action="store_true",
            help="Elsewhere than the embedded default, say so and do nothing (make run).",
        )

    @system_actor("seed_demo")
    def handle(self, *args, password: str, force: bool = False, **options):
        refusal = demo_database_refusal(connections["default"].settings_dict, debug=settings.DEBUG)
        if refusal and not force:
            if options.get("only_embedded"):
                self.stdout.write(f"No demo accounts. {refusal}")
                return
            raise CommandError(refusal)
        self._create(password)

    @transaction.atomic
    def _create(self, password: str):
        User = get_user_model()
        staff = network_staff_group()
        for username, first, last, is_staff in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": f"{last} (demo)",
                    "email": f"{username}@demo.gcm-tracker.invalid",
                    "is_staff": is_staff,
                },
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            if is_staff:
                user.groups.add(staff)
            self.stdout.write(f"{'created' if created else 'kept'} demo account {username}")
        curator = User.objects.get(username="curator")
        try:
            counts = demo_data_create(password=password, staff=curator)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"demo focal points: {counts['focal points']}, "
            f"demo pledges created: {counts['pledges created']}"
        )
        # Reviews come last: they cite the demo pledges of the States they review.
        for line in reviews_demo_load(user=curator):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo logins (password: {password}): "
                + ", ".join(name for name, *_ in [*DEMO_USERS, *DEMO_FOCAL_POINTS])
            )
        )
