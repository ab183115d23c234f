#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium for the browser tests
# and gettext for the translation check. Fails loudly when it cannot.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v msgattrib >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing from Debian: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=""; fi
  $SUDO apt-get update -qq || { echo "ERROR: apt-get update failed; cannot install ${need[*]}" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "ERROR: could not install ${need[*]} (needed by the tests)" >&2; exit 1; }
fi
command -v chromium >/dev/null 2>&1 || { echo "ERROR: chromium is missing; the browser tests need it" >&2; exit 1; }
echo "Chromium: $(chromium --version 2>/dev/null | head -n1)"
