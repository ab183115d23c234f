#!/usr/bin/env bash
# Fails when any string in the code lacks a Danish or English translation (see scripts/i18n.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/i18n.py check
