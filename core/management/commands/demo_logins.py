from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django_otp.oath import totp

from core.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_totp_key, demo_totp_secret
from core.models import User


class Command(BaseCommand):
    help = "Print the demo logins, one per role, with how to give the second factor."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--code", metavar="EMAIL", help="Print the current two-factor code for a demo user.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["code"]:
            email = options["code"]
            self.stdout.write(f"{totp(bytes.fromhex(demo_totp_key(email))):06d}")
            return
        translation.activate("da")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        users = User.objects.filter(email__endswith="@" + DEMO_DOMAIN).prefetch_related("memberships__organisation")
        for user in users.order_by("email"):
            roles = sorted(
                {f"{m.get_role_display()} – {m.organisation.name}" for m in user.memberships.all() if m.active}
            )
            self.stdout.write(f"  {user.email:<40} {'; '.join(roles)}")
            if user.requires_two_factor:
                self.stdout.write(f"  {'':<40} authenticator secret {demo_totp_secret(user.email)}")
        self.stdout.write("")
        self.stdout.write("Two-factor code for a demo user now: .venv/bin/python manage.py demo_logins --code EMAIL")
