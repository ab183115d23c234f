#!/usr/bin/env bash
# Exercises the production set-up described in docs/deploy.md: PostgreSQL, Redis cache, gunicorn,
# `check --deploy`, collectstatic, and the health endpoint. Uses its own database and port.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${SMOKE_PORT:-8799}"
DB="brobygger_smoke_$$"
export BROBYGGER_PRODUCTION=1
export BROBYGGER_SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export BROBYGGER_FIELD_ENCRYPTION_KEYS="$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
export BROBYGGER_LOOKUP_HMAC_KEY="smoke-hmac-$(head -c 16 /dev/urandom | base64 | tr -d '/+=')"
export BROBYGGER_ALLOWED_HOSTS="127.0.0.1,localhost"
export BROBYGGER_DB=postgresql BROBYGGER_DB_NAME="$DB" BROBYGGER_DB_HOST="${PG_HOST:-127.0.0.1}" BROBYGGER_DB_PORT="${PG_PORT:-5432}"
export BROBYGGER_REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/3}"
export BROBYGGER_STATIC_ROOT="$(mktemp -d)"
cleanup() {
  [ -n "${GPID:-}" ] && kill "$GPID" 2>/dev/null || true
  .venv/bin/python - "$DB" <<'PY' || true
import sys, psycopg
with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[1]}"')
PY
  rm -rf "$BROBYGGER_STATIC_ROOT"
}
trap cleanup EXIT
.venv/bin/python - "$DB" <<'PY'
import sys, psycopg
with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as c:
    c.execute(f'CREATE DATABASE "{sys.argv[1]}"')
PY
.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
GPID=$!
for _ in $(seq 1 40); do
  if curl -fsS -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/health/" -o /tmp/brobygger-health.json 2>/dev/null; then break; fi
  sleep 0.5
done
grep -q '"status": "ok"' /tmp/brobygger-health.json || { echo "ERROR: health endpoint did not answer ok" >&2; cat /tmp/brobygger-health.json >&2 || true; exit 1; }
curl -fsS -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/konto/log-ind/" -o /dev/null
curl -fsSI -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/konto/log-ind/" | grep -qi "strict-transport-security" || { echo "ERROR: no HSTS header" >&2; exit 1; }
# Plain HTTP without the proxy header is redirected to HTTPS.
curl -sSI "http://127.0.0.1:$PORT/konto/log-ind/" | grep -q "^HTTP/1.1 301" || { echo "ERROR: no redirect to HTTPS" >&2; exit 1; }
echo "Production smoke test passed: gunicorn + PostgreSQL + Redis, check --deploy clean, /health/ ok."
