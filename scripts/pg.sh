#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: a fresh cluster in a temp directory, listening only
# on 127.0.0.1 on a free port, trust authentication, durability off (fast, disposable).
#
#   eval "$(scripts/pg.sh start)"   # exports SPOTDESK_TEST_DATABASE_URL and SPOTDESK_PG_DIR
#   scripts/pg.sh stop              # stops it and deletes $SPOTDESK_PG_DIR
#
# Needs Debian's `postgresql` package (`scripts/setup.sh --test` installs it). As root the
# server runs as the `postgres` user (initdb refuses root). Logs go to $SPOTDESK_PG_DIR/log.
set -euo pipefail

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -x "$bin/pg_ctl" ]] || { echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh --test)" >&2; exit 1; }
  echo "$bin"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/spotdesk-pg.XXXXXX")
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U spotdesk --auth=trust --no-locale -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null || { cat "$dir/log" >&2; exit 1; }
    echo "export SPOTDESK_PG_DIR='$dir'"
    echo "export SPOTDESK_TEST_DATABASE_URL='postgres://spotdesk@127.0.0.1:$port/postgres'"
    ;;
  stop)
    dir=${SPOTDESK_PG_DIR:?run eval \"\$(scripts/pg.sh start)\" first}
    if [[ -d "$dir/data" ]]; then
      as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: eval \"\$(scripts/pg.sh start)\"; ...; scripts/pg.sh stop" >&2
    exit 2
    ;;
esac
