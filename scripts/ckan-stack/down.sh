#!/usr/bin/env bash
# down.sh -- stop what up.sh started, each process by its recorded PID (never by name).
#   --purge   also delete the data (PostgreSQL cluster, index, uploads, config, state); the venv stays
#   --all     like --purge, and delete the CKAN venv too ($CKAN_STACK_DIR is then gone)
set -uo pipefail
LAB=${CKAN_STACK_DIR:-/tmp/stadtdaten-ckan}
RUN=$LAB/run
PG_OS_USER=${CKAN_STACK_PG_OS_USER:-postgres}
PGBIN=$(cat "$LAB/state/pgbin" 2>/dev/null || echo "${PGBIN:-/usr/lib/postgresql/15/bin}")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi; }
running() {  # a zombie counts as stopped
  [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat")" != Z ]; }
stop_pid() {  # name pidfile
  local f=$2 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [ -n "$pid" ] && running "$pid"; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do running "$pid" || break; sleep 0.2; done
    if running "$pid"; then echo "$1 ($pid) ignored TERM, sending KILL"; kill -KILL "$pid"; fi
    echo "stopped $1 (pid $pid)"
  fi
  rm -f "$f"
}
[ -d "$LAB" ] || { echo "nothing to stop: $LAB does not exist"; exit 0; }
stop_pid ckan "$RUN/ckan.pid"
stop_pid solr-standin "$RUN/solr.pid"
stop_pid redis "$RUN/redis.pid"
if [ -f "$LAB/pg/data/postmaster.pid" ] && [ -x "$PGBIN/pg_ctl" ]; then
  pid=$(head -1 "$LAB/pg/data/postmaster.pid")
  as_pg "$PGBIN/pg_ctl" -D "$LAB/pg/data" -m fast -w stop >/dev/null && echo "stopped postgres (pid $pid)"
fi
case "${1:-}" in
  --purge) rm -rf "$LAB/pg" "$LAB/state" "$LAB/storage" "$LAB/redis" "$LAB/ckan.ini" "$LAB/logs" "$LAB/run" "$LAB/licenses.json"
           echo "purged data in $LAB (venv kept)";;
  --all)   rm -rf "$LAB"; echo "removed $LAB";;
esac
