from django.db import migrations

from kernel.concurrency import version_column_added


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_documents_campaigns")]

    operations = [
        version_column_added(model_name="campaign", table="campaigns_campaign"),
    ]
