import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from gcm_tracker.management.commands.seed_demo import demo_database_refusal
from gcm_tracker.scale import scale_data_create


class Command(BaseCommand):
    help = (
        "Fill the database with N demo pledges (titled “[Demo scale] …”) over the 193 "
        "Member States and demo stakeholders, with links, partners, about ten progress "
        "updates each, a review per State and cycle and indicator values: data for "
        "benchmarks (`make bench`), never for a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("pledges", type=int, help="How many demo-scale pledges to hold.")
        parser.add_argument("--seed", type=int, default=17, help="Random seed (default 17).")
        parser.add_argument(
            "--updates", type=int, default=10, help="Progress updates per published pledge."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write into a database other than the embedded default too (a benchmark's).",
        )

    def handle(self, *args, pledges: int, seed: int, updates: int, force: bool, **options):
        if pledges < 0 or updates < 0:
            raise CommandError("Give a number of pledges and updates of 0 or more.")
        refusal = demo_database_refusal(
            connections["default"].settings_dict,
            debug=settings.DEBUG,
            why="invented pledges do not belong in a real record",
        )
        if refusal and not force:
            raise CommandError(refusal)
        started = time.monotonic()
        try:
            counts = scale_data_create(
                pledges=pledges,
                seed=seed,
                updates_per_pledge=updates,
                progress=lambda line: self.stdout.write(line),
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "created "
                + ", ".join(f"{kind}: {number}" for kind, number in counts.items())
                + f" in {time.monotonic() - started:.1f} s"
            )
        )
