from typing import Any

from django.core.management.base import BaseCommand

from core import demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo partnership. Safe to run again: nothing is duplicated."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo.build()
        self.stdout.write(self.style.SUCCESS(f"Demo partnership ready: {result.partnership.name}"))
