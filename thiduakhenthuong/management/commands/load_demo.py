from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from thiduakhenthuong.demo import DEMO_LOGINS, STAFF_LOGIN, demo_load
from thiduakhenthuong.demo_consultation import consultation_demo_load
from thiduakhenthuong.demo_statistics_2024 import statistics_2024_load


class Command(BaseCommand):
    help = (
        "Load the Lạng Sơn 2018 demo (organisation, document register, decisions, campaigns, council, dossiers, "
        "people, demo users). Safe to run again."
    )

    def handle(self, *args, **options):
        call_command("load_catalog", stdout=self.stdout)
        result = demo_load()
        self.stdout.write(
            f"Demo Lạng Sơn 2018: {result['units']} units in their clusters; {result['documents']} new documents "
            f"in the register; {result['decisions']} new decisions."
        )
        self.stdout.write(
            f"{result['campaigns']} new campaigns, {result['covenants']} cluster covenants, "
            f"{result['registrations']} registrations; {result['council_compositions']} council compositions; "
            f"{result['dossiers']} nomination dossiers; {result['people']} new person records "
            f"({result['people_linked']} awards linked to a person)."
        )
        self.stdout.write(
            f"2025 reorganisation (illustrative successors): {result['units_ended']} units ended, "
            f"{result['memberships_2025']} places in the clusters of 2025."
        )
        # The illustrative statistical year 2024 under today's regime, beside the 2018 demo (which stays as it is).
        year_2024 = statistics_2024_load()
        self.stdout.write(
            f"Illustrative statistical year 2024: {year_2024['decisions']} new decisions, {year_2024['campaigns']} new "
            f"campaigns, {year_2024['apparatus']} new emulation and commendation bodies and officers."
        )
        # A public consultation open today, on an illustrative Health department proposal, with one feedback.
        consulted = consultation_demo_load(staff=get_user_model().objects.get(username=STAFF_LOGIN.username))
        self.stdout.write(
            f"Public consultation (illustrative, open today): {consulted['consultations']} new, "
            f"{consulted['feedback']} feedback received."
        )
        self.stdout.write("Demo logins:")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username} / {login.password}  — {login.role}")
