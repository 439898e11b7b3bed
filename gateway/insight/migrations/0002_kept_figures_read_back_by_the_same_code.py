# Figures are kept with a fingerprint of the code that worked them out (kept.code_version),
# not a number someone had to remember to change (ADR 0064, update). Rows kept before this
# were worked out by other code: they are forgotten, and the pages count live until the
# job keeps them again (within the hour, from the timer).

from django.db import migrations, models


def forget_kept_figures(apps, schema_editor):
    apps.get_model("insight", "KeptFigures").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0001_kept_figures"),
    ]

    operations = [
        migrations.RunPython(forget_kept_figures, migrations.RunPython.noop),
        migrations.RemoveField(model_name="keptfigures", name="shape"),
        migrations.AddField(
            model_name="keptfigures",
            name="code_version",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
    ]
