from django.db import migrations

from kernel.concurrency import version_column_added


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_report_dated_after_its_period")]

    operations = [
        version_column_added(model_name="report", table="reports_report"),
        version_column_added(model_name="reportsection", table="reports_reportsection"),
    ]
