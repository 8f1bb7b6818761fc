# Shared by scripts/test and scripts/serve: a PostgreSQL 15 of the script's own on a free port of 127.0.0.1, with
# the Vietnamese ICU collation as the cluster's default. Sourced, not run; needs .venv (for the free port).
#   start_postgres DIR [postgres option...]  initialises DIR/data unless it exists (so a kept DIR is reused), starts
#                                            it with its socket in DIR, sets PGPORT and writes its log to DIR/log
#   stop_postgres DIR [MODE]                 stops it (pg_ctl mode: fast by default, immediate for throwaway data)
# As root, PostgreSQL runs as the postgres user, which then owns DIR.
PGBIN=/usr/lib/postgresql/15/bin

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local dir=$1
  shift
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      --locale-provider=icu --icu-locale=vi >/dev/null
  elif as_postgres "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # Left running by a run that was killed: stop it, since its port is not known here.
    echo "» Stopping the PostgreSQL left running in $dir"
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k '$dir' $*" start >/dev/null
}

stop_postgres() {
  as_postgres "$PGBIN/pg_ctl" -D "$1/data" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true
}
