import time
from typing import Any

from django.core.management.base import BaseCommand

from core.tasks import enqueue_daily_jobs_once


class Command(BaseCommand):
    help = "Enqueue the daily jobs (reminders, purges) once a day; run beside `db_worker`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue today's jobs if not done yet, then exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            if enqueue_daily_jobs_once():
                self.stdout.write("Enqueued today's daily jobs.")
            if options["once"]:
                return
            time.sleep(options["interval"])
