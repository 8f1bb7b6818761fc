"""Units searched by word beginnings in the site search (clusters.selectors.unit_search), as people are (0010): a
GIN full-text index on the folded name answers every word without rechecking rows. Through the trigram index,
"van" (Văn phòng, Văn hóa…) had 466 of 2,000 unit names folded again, 13 ms per query. The trigram index of 0005
stays for the organisation page's filter, which looks for any part of a name.

PostgreSQL only, through CREATE/DROP INDEX: no table is altered, so SQLite needs nothing."""

from django.db import migrations

from kernel.db.indexes import postgresql_index

NAME = "clusters_unit_name_words"
DEFINITION = "ON clusters_unit USING gin (to_tsvector('simple'::regconfig, tdkt_fold(name)))"


class Migration(migrations.Migration):
    dependencies = [("clusters", "0010_person_name_words")]

    operations = [postgresql_index(NAME, DEFINITION)]
