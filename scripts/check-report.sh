#!/usr/bin/env bash
# Headless check of a FedSynth HTML report: renders REPORT.html in Chromium with the network disabled,
# dumps the DOM after load, verifies every section is present and every <img> decoded (the page's inline
# script sets body[data-report-check]="ok" when they did), and writes a full-page screenshot OUT.png.
#   usage: scripts/check-report.sh REPORT.html OUT.png
# Needs Debian's `chromium` (apt-get install chromium), or set CHROMIUM=/path/to/chrome. Exit 0 = pass.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
REPORT="$1"
SHOT="$2"
[ -f "$REPORT" ] || { echo "check-report: $REPORT: no such file" >&2; exit 2; }
CHROME="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -n "$CHROME" ] || { echo "check-report: chromium not found (Debian: apt-get install chromium)" >&2; exit 2; }

URL="file://$(cd "$(dirname "$REPORT")" && pwd)/$(basename "$REPORT")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# no network: every proxy connection goes to a closed port and no host name resolves
FLAGS=(--headless --disable-gpu --no-sandbox --no-first-run --no-default-browser-check --hide-scrollbars
       --user-data-dir="$WORK/profile" --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND"
       --disable-background-networking --disable-component-update --disable-sync --disable-features=Translate
       --virtual-time-budget=15000 --run-all-compositor-stages-before-draw)
WIDTH=1400

fail() { echo "check-report: FAIL: $*" >&2; exit 1; }

# 1. the DOM after load
"$CHROME" "${FLAGS[@]}" --window-size=$WIDTH,1000 --dump-dom "$URL" >"$WORK/dom.html" 2>"$WORK/chrome1.log" \
  || { tail -20 "$WORK/chrome1.log" >&2; fail "chromium could not load $REPORT"; }
[ -s "$WORK/dom.html" ] || { tail -20 "$WORK/chrome1.log" >&2; fail "empty DOM dump"; }

status=0
for id in samples losses weights detection utility results; do
  if grep -q "<section id=\"$id\"" "$WORK/dom.html"; then echo "  section #$id: present"; else echo "  section #$id: MISSING"; status=1; fi
done
check="$(grep -o 'data-report-check="[^"]*"' "$WORK/dom.html" | head -1 | cut -d'"' -f2)"
loaded="$(grep -o 'data-images-loaded="[^"]*"' "$WORK/dom.html" | head -1 | cut -d'"' -f2)"
height="$(grep -o 'data-page-height="[0-9]*"' "$WORK/dom.html" | head -1 | cut -d'"' -f2)"
echo "  images decoded: ${loaded:-?}; page check: ${check:-none}; page height: ${height:-?}px"
[ "$check" = "ok" ] || { echo "  the page's load check did not report ok (got '${check:-nothing}')" >&2; status=1; }
if grep -Eq '(src|href)="https?:' "$WORK/dom.html"; then echo "  references to the network found" >&2; status=1; fi
if grep -Eq '<img[^>]+src="[^d"][^"]*"' "$WORK/dom.html"; then echo "  an <img> is not a data: URI" >&2; status=1; fi

# 2. a full-page screenshot: a window as tall as the page (capped)
height="${height:-3000}"
[ "$height" -gt 30000 ] && height=30000
"$CHROME" "${FLAGS[@]}" --window-size=$WIDTH,"$height" --screenshot="$SHOT" "$URL" >"$WORK/chrome2.log" 2>&1 \
  || { tail -20 "$WORK/chrome2.log" >&2; fail "screenshot failed"; }
[ -s "$SHOT" ] || fail "no screenshot written to $SHOT"
echo "  screenshot: $SHOT (${WIDTH}x${height})"

[ $status -eq 0 ] || fail "see above"
echo "check-report: OK: $REPORT"
