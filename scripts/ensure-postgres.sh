#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with user postgres (password postgres
# where trust authentication is not set up): starts the packaged cluster, installing PostgreSQL
# from Debian's packages first on a fresh machine.
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
# over the local socket as the postgres user: peer authentication works before any password is set
as_postgres() { su postgres -c "psql -d postgres -Atqc \"$1\""; }
wal_level() { as_postgres 'SHOW wal_level' 2>/dev/null; }
# WAL capture (ctsync.capture=wal) and its tests need logical decoding: a server at a lower level is
# raised to it once and restarted (the setting needs a restart, and nothing else depends on the
# lower level)
logical_wal() {
  [[ "$(wal_level)" == "logical" ]] && return 0
  echo "ensure-postgres: setting wal_level=logical and restarting PostgreSQL"
  as_postgres 'ALTER SYSTEM SET wal_level = logical' >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main restart
  for _ in $(seq 1 30); do
    ready && break
    sleep 1
  done
  [[ "$(wal_level)" == "logical" ]] || { echo "ensure-postgres: wal_level is not logical" >&2; exit 1; }
}
if ready; then
  logical_wal
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL from Debian's packages"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
echo "ensure-postgres: starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  ready && break
  sleep 1
done
ready || { echo "ensure-postgres: PostgreSQL did not start" >&2; exit 1; }
# a fresh cluster asks TCP clients for a password: give postgres the one the tests use
as_postgres "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
logical_wal
