#!/bin/sh
# Nightly backup of the TĐKT portal (README, "Backups"), run by tdkt-backup.service as the portal's user.
# One set a night in $BACKUP_ROOT/daily/<date> (`manage.py backup`: the database and its attachments, checked by
# SHA-256), the first of each month also kept under monthly/<year-month> (hard links: no second copy of the
# bytes); the newest 14 daily and 12 monthly sets are kept. With BACKUP_REMOTE (an rsync destination such as
# backup@backup-host:/srv/tdkt/), the new set is then copied off this machine; that host keeps its own history.
# Any failure exits non-zero, so that systemd marks the unit failed (journalctl -u tdkt-backup).
set -eu

root=${BACKUP_ROOT:-/var/backups/tdkt}
app=${APP_DIR:-/srv/tdkt}
day=$(date +%Y-%m-%d)
umask 077

mkdir -p "$root/daily" "$root/monthly"
set_dir="$root/daily/$day"
if [ -e "$set_dir" ]; then
  set_dir="$set_dir-$(date +%H%M%S)"  # a second run the same day gets a set of its own
fi
"$app/.venv/bin/python" "$app/manage.py" backup -o "$set_dir"

if [ "$(date +%d)" = 01 ] && [ ! -e "$root/monthly/$(date +%Y-%m)" ]; then
  cp -al "$set_dir" "$root/monthly/$(date +%Y-%m)"
fi

prune() {  # keep the newest $2 sets of folder $1 (names sort by date)
  find "$1" -mindepth 1 -maxdepth 1 -type d | sort | head -n "-$2" | while read -r old; do rm -rf -- "$old"; done
}
prune "$root/daily" 14
prune "$root/monthly" 12

if [ -n "${BACKUP_REMOTE:-}" ]; then
  rsync -a --partial "$set_dir" "$BACKUP_REMOTE/daily/"
  if [ -e "$root/monthly/$(date +%Y-%m)" ]; then
    rsync -a --partial "$root/monthly/$(date +%Y-%m)" "$BACKUP_REMOTE/monthly/"
  fi
fi
