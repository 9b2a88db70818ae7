from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import network_staff_group
from pledges.demo import DEMO_FOCAL_POINTS, demo_data_create
from reviews.demo import reviews_demo_load

DEMO_USERS = [
    # username, first name, last name, staff
    ("curator", "Cora", "Curator", True),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts (and, as the apps grow, demo pledges and reviews), "
        "clearly marked as demo data. For local development and demonstrations only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default="gcm-demo-2026", help="Password of every demo account."
        )

    @transaction.atomic
    def handle(self, *args, password: str, **options):
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
