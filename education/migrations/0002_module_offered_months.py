from typing import Any

from django.db import migrations, models

# Seed 000: the basic module is offered in January, May and June.
BASIC_MODULE_MONTHS = [1, 5, 6]


def offer_basic_modules_in_their_months(apps: Any, schema_editor: Any) -> None:
    EducationModule = apps.get_model("education", "EducationModule")
    EducationModule.objects.filter(kind="basic", offered_months=[]).update(offered_months=BASIC_MODULE_MONTHS)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="educationmodule",
            name="offered_months",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "The months in which runs usually start, e.g. January, May and June for the basic module. "
                    "None: any time."
                ),
                verbose_name="months it is offered",
            ),
        ),
        migrations.RunPython(offer_basic_modules_in_their_months, migrations.RunPython.noop),
    ]
