#!/usr/bin/env bash
# The suite runs on PostgreSQL too. When the server is not reachable this fails loudly, never skips.
set -euo pipefail
host="${1:-127.0.0.1}"; port="${2:-5432}"
if ! .venv/bin/python - "$host" "$port" <<'PY'
import sys, psycopg
try:
    psycopg.connect(host=sys.argv[1], port=int(sys.argv[2]), user="postgres", dbname="postgres", connect_timeout=5).close()
except Exception as exc:
    print(f"ERROR: PostgreSQL at {sys.argv[1]}:{sys.argv[2]} is not reachable ({exc}).", file=sys.stderr)
    print("       Start it (see docs/deploy.md) — the suite must run on PostgreSQL as well as SQLite.", file=sys.stderr)
    sys.exit(1)
PY
then exit 1; fi
echo "PostgreSQL reachable at $host:$port"
