"""People searched by word beginnings (clusters.selectors.people_matching, kernel.lib.search.name_words_q), as
recipients' names on awards are (awards 0018): a GIN full-text index on the folded full name answers every word of
the query without rechecking rows. The trigram index of 0006 rechecked each candidate by folding its name again,
most of a person search's time at 200,000 people (5,638 named Nguyễn: 54 of 60 ms; "van", 19,359: 79 of 142 ms);
it stays for the exact-name matches (person_namesakes, person_likely_duplicates).

PostgreSQL only, through CREATE/DROP INDEX: no table is altered, so SQLite needs nothing. Additive: about 4 s at
200,000 people, during which the table takes no writes."""

from django.db import migrations

from kernel.db.indexes import postgresql_index

NAME = "clusters_person_name_words"
DEFINITION = "ON clusters_person USING gin (to_tsvector('simple'::regconfig, tdkt_fold(full_name)))"


class Migration(migrations.Migration):
    dependencies = [("clusters", "0009_fold_collapses_spaces")]

    operations = [postgresql_index(NAME, DEFINITION)]
