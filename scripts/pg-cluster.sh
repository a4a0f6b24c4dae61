#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pg-cluster.sh start [dir]   create (first time) and start; prints the URL on stdout
#   scripts/pg-cluster.sh status [dir]  prints the URL when running, exits 1 otherwise
#   scripts/pg-cluster.sh stop [dir]    stop and delete the cluster
#
# dir defaults to ${TMPDIR:-/tmp}/patchbay-pg. `start` is idempotent: a running cluster just prints
# its URL again. Durability is switched off (fsync, full_page_writes): the data is disposable and
# tests run faster. Postgres refuses to run as root, so as root everything runs as the `postgres`
# OS user, which must own the directory.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-${TMPDIR:-/tmp}/patchbay-pg}
data="$dir/data"
marker="$dir/.patchbay-pg-cluster" # stop deletes only directories that carry it

die() { echo "pg-cluster: $*" >&2; exit 1; }

as_pg() {
  # cd first: postgres cannot read root's working directory and initdb warns about it.
  if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u postgres -- "$@"); else (cd "$dir" && "$@"); fi
}

running() { [ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }

url() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; }

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 server binaries in $PG_BIN (apt-get install -y postgresql-15)"
  mkdir -p "$dir"
  if [ -d "$data" ] && running; then url; return; fi
  touch "$marker"
  mkdir -p "$dir/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
  as_pg test -w "$dir" || die "$dir is not writable by the postgres user (are its parents traversable?)"

  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi

  # A new free port on every start: a stale port file from a previous boot may now be taken.
  free_port >"$dir/port"
  local port
  port=$(cat "$dir/port")
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c max_connections=200 \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "pg_ctl start failed"; }
  url
}

stop() {
  [ -d "$dir" ] || return 0
  [ -f "$marker" ] || die "$dir was not created by this script; not touching it"
  if [ -f "$data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) if [ -d "$data" ] && running; then url; else exit 1; fi ;;
  *) die "usage: $0 start|status|stop [dir]" ;;
esac
