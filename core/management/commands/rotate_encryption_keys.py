from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the newest key in BROBYGGER_FIELD_ENCRYPTION_KEYS. "
        "Rotation: put the new key first, run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import connection

        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table = connection.ops.quote_name(str(model._meta.db_table))
            for f in fields:
                column = connection.ops.quote_name(str(f.column))
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                    rows = cursor.fetchall()
                    for pk, token in rows:
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [rotate(token), pk])  # noqa: S608
                    total += len(rows)
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} values with the newest key."))
