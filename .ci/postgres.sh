# Starts a throwaway PostgreSQL server on 127.0.0.1 for the study-store tests
# and exports FISHER_TEST_POSTGRES_URL. Sourced by .ci/run; safe to run again
# (each run makes a new cluster in a new temporary folder and stops it on exit).
#
# Installs Debian's postgresql package when no server binaries are found,
# creates the cluster as the unprivileged user `postgres` when run as root,
# and listens on a free loopback port with password authentication.

_fisher_pg_setup() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: PostgreSQL server binaries not found and not root to install them" >&2
      return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq < /dev/null
    apt-get install -y -qq postgresql < /dev/null > /dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  local as=()
  local owner
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    id postgres > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    as=(runuser -u postgres --)
    owner=postgres
  fi
  local dir
  dir=$(mktemp -d /tmp/fisher-pg.XXXXXX)
  chown "$owner" "$dir"
  chmod 700 "$dir"
  local password
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/pw"
  chown "$owner" "$dir/pw"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U fisher --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 \
    > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=${FISHER_PG_FSYNC:-off}" start > /dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U fisher fisher_test || return 1
  export FISHER_TEST_POSTGRES_URL="postgres://fisher:$password@127.0.0.1:$port/fisher_test"
  FISHER_PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop)
  FISHER_PG_DIR="$dir"
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port (cluster in $dir)" >&2
}

_fisher_pg_stop() {
  if [ -n "${FISHER_PG_DIR:-}" ]; then
    "${FISHER_PG_STOP[@]}" > /dev/null 2>&1 || true
    rm -rf "$FISHER_PG_DIR"
  fi
}
