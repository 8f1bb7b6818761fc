"""Backups of the portal: the database and the attachments together, as one set (manage.py backup / restore).

- `layout`: the set on disk (manifest.json, the database dump, files/<storage>/<name>) and its SHA-256 checks;
- `contents`: what the database holds that a backup must carry or check (migration state, row counts, referenced
  attachments, issued reports' PDF hashes), read through the ORM inside the caller's snapshot;
- `postgres` and `sqlite`: the consistent dump and the restore of each engine;
- `create` and `restore`: the two operations the commands run.
"""
