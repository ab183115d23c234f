"""On PostgreSQL, the database itself refuses overlapping agreement periods of the same peer.

An exclusion constraint over (peer, daterange) needs the btree_gist extension. SQLite has no such
constraint; there the service's lock on the peer row and its re-check keep periods apart
(docs/concurrency.md), and the unique (peer, starts_on) constraint catches the simplest race.
"""

from django.db import migrations

CONSTRAINT = "agreement_period_no_overlap"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("agreements", "AgreementPeriod")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {schema_editor.quote_name(table)} ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (peer_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("agreements", "AgreementPeriod")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_exclusion, drop_exclusion)]
