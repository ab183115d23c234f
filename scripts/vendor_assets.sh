#!/usr/bin/env bash
# Reproduce the vendored front-end files under static/vendor/ and tests/e2e/vendor/ from the npm
# registry. Not run by CI: the results are committed. Run from anywhere:
#
#   bash scripts/vendor_assets.sh
#
# Only the files pages use are copied (the dkfds package is ~17 MB; we keep well under 2 MB).
# The DKFDS stylesheet is rewritten so that every url() in it points at a file we ship:
# @font-face rules use woff2 only, and the source-map comments are dropped, because
# ManifestStaticFilesStorage (production) refuses to collect a CSS/JS file that references a
# missing file.
set -euo pipefail

DKFDS_VERSION="11.2.0"
HTMX_VERSION="2.0.11"
CHARTJS_VERSION="4.6.1"
AXE_VERSION="4.14.1"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/brobygger-vendor.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
for spec in "dkfds@$DKFDS_VERSION" "htmx.org@$HTMX_VERSION" "chart.js@$CHARTJS_VERSION" "axe-core@$AXE_VERSION"; do
    npm pack --silent "$spec" >/dev/null
done
for tgz in *.tgz; do
    name="${tgz%.tgz}"
    mkdir -p "$name"
    tar xzf "$tgz" -C "$name"
done

DK="$WORK/dkfds-$DKFDS_VERSION/package/dist"
OUT="$REPO/static/vendor"
rm -rf "$OUT/dkfds" "$OUT/htmx" "$OUT/chart.js"
mkdir -p "$OUT/dkfds/css" "$OUT/dkfds/js" "$OUT/dkfds/fonts" "$OUT/dkfds/img/svg-icons" "$OUT/htmx" "$OUT/chart.js"

# --- DKFDS -------------------------------------------------------------------------------------
cp "$DK/LICENSE.md" "$OUT/dkfds/LICENSE.md"
cp "$DK/fonts/IBMPlexSans/complete/woff2/license.txt" "$OUT/dkfds/fonts/OFL-IBMPlexSans.txt"
sed -e '/sourceMappingURL=/d' "$DK/js/dkfds.min.js" > "$OUT/dkfds/js/dkfds.min.js"
cp "$DK/img/all-svg-icons.svg" "$OUT/dkfds/img/all-svg-icons.svg"
cp "$DK/img/logo-placeholder.png" "$DK/img/logo-header-placeholder.png" "$OUT/dkfds/img/"

# Rewrite the stylesheet: woff2-only @font-face pointing at ../fonts/<file>.woff2, no source map.
node - "$DK/css/dkfds.min.css" "$OUT/dkfds/css/dkfds.min.css" <<'NODE'
const fs = require("fs");
const [src, dst] = process.argv.slice(2);
let css = fs.readFileSync(src, "utf8");
css = css.replace(/@font-face\{[^}]*\}/g, (rule) => {
  const woff2 = rule.match(/url\([^)]*\/woff2\/([^)]+\.woff2)\)/);
  if (!woff2) return rule; // local() system font rule: keep as is
  return rule.replace(/src:[^;}]*/, `src:url(../fonts/${woff2[1]}) format("woff2")`);
});
css = css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");
fs.writeFileSync(dst, css);
NODE

# Copy every file the rewritten stylesheet refers to (fonts and single-icon SVGs).
grep -o 'url([^)]*)' "$OUT/dkfds/css/dkfds.min.css" | sed -e 's/^url(//' -e 's/)$//' -e 's/^"//' -e 's/"$//' \
    | grep -v '^data:' | sort -u | while read -r ref; do
    case "$ref" in
        ../fonts/*) cp "$DK/fonts/IBMPlexSans/complete/woff2/${ref#../fonts/}" "$OUT/dkfds/fonts/" ;;
        ../img/svg-icons/*) cp "$DK/img/svg-icons/${ref#../img/svg-icons/}" "$OUT/dkfds/img/svg-icons/" ;;
        ../img/*) test -f "$OUT/dkfds/img/${ref#../img/}" ;;
        *) echo "unexpected url() in dkfds.min.css: $ref" >&2; exit 1 ;;
    esac
done

# --- htmx, Chart.js ------------------------------------------------------------------------------
HX="$WORK/htmx.org-$HTMX_VERSION/package"
cp "$HX/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
cp "$HX/LICENSE" "$OUT/htmx/LICENSE"
CJ="$WORK/chart.js-$CHARTJS_VERSION/package"
sed -e '/sourceMappingURL=/d' "$CJ/dist/chart.umd.min.js" > "$OUT/chart.js/chart.umd.min.js"
cp "$CJ/LICENSE.md" "$OUT/chart.js/LICENSE.md"

# --- axe-core (browser tests only, never served) -----------------------------------------------
AX="$WORK/axe-core-$AXE_VERSION/package"
mkdir -p "$REPO/tests/e2e/vendor"
cp "$AX/axe.min.js" "$REPO/tests/e2e/vendor/axe.min.js"
cp "$AX/LICENSE" "$REPO/tests/e2e/vendor/LICENSE-axe-core"

du -sh "$OUT" "$REPO/tests/e2e/vendor"
