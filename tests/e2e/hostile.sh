#!/usr/bin/env bash
# Issue 14, what only a real process shows: a FIFO in the previous output (a build that blocks), killed builds
# (leftovers), concurrent builds into one --out, and a read-only previous output (as a user without root's
# override of permissions). Each step fails the test with a message; no step depends on timing to pass.
set -euo pipefail
trap 'echo "hostile: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
schedc="$1"; root="$2"
work="$(mktemp -d)"; trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
status=0
fail() { echo "hostile: $*"; status=1; }
cp -r "$root/examples" src

# Finding 6: a FIFO at a file of the previous output. Without O_NONBLOCK the build waits in open() for a writer
# forever; `timeout` turns that into a failure instead of a hung test.
"$schedc" build src --out out >/dev/null
victim="$(cd out && find adf/pipeline -name '*.json' | LC_ALL=C sort | awk 'NR == 1')"
rm "out/$victim" && mkfifo "out/$victim"
if ! timeout 60 "$schedc" build src --out out >/dev/null 2>err; then
  fail "build blocks or fails on a FIFO in the previous output: $(cat err)"
fi
[ -f "out/$victim" ] && [ ! -p "out/$victim" ] || fail "the FIFO was not replaced by the generated file"
mkfifo "out/adf/extra.json"
rc=0; timeout 60 "$schedc" build src --out out --check >/dev/null 2>err || rc=$?
[ "$rc" -eq 1 ] && grep -q "adf/extra.json: not generated, and is a FIFO (not read)" err || fail "--check on a FIFO: exit $rc, $(cat err)"
"$schedc" build src --out out >/dev/null

# Finding 9: builds killed while writing leave their temporary directory; the next build removes it.
for i in 1 2 3 4 5; do
  "$schedc" build src --out out >/dev/null 2>&1 & pid=$!
  sleep "0.0$i"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done
mkdir -p .out.schedc-tmp-deadbeef/adf && echo half >.out.schedc-tmp-deadbeef/adf/x.json   # one kill surely left
"$schedc" build src --out out >/dev/null
left="$(ls -A | grep -c 'schedc-' || true)"
[ "$left" -eq 0 ] || fail "leftovers of killed builds remain: $(ls -A)"

# Finding 9: concurrent builds into one --out all succeed (serialised) and leave nothing beside it.
pids=()
for i in $(seq 1 12); do "$schedc" build src --out out >/dev/null 2>"err.$i" & pids+=($!); done
for i in "${!pids[@]}"; do wait "${pids[$i]}" || fail "concurrent build $((i + 1)) failed: $(cat "err.$((i + 1))")"; done
rm -f err.*
[ "$(ls -A | grep -c 'schedc-' || true)" -eq 0 ] || fail "concurrent builds left: $(ls -A)"
"$schedc" build src --out out --check >/dev/null || fail "output of concurrent builds is not complete"

# Finding 9: a read-only previous output is removed after the swap, or the build says it could not be (it never
# exits 0 leaving .out.schedc-old-* behind). Root ignores permissions: run as nobody when root.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
    as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
    chmod 755 "$work"; chown -R nobody "$work"
  else
    echo "hostile: SKIPPED the read-only output step (root without setpriv/nobody)"
  fi
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  "${as_user[@]}" "$schedc" build src --out ro >/dev/null
  chmod -R a-w ro
  rc=0; "${as_user[@]}" "$schedc" build src --out ro >/dev/null 2>err || rc=$?
  if [ "$rc" -eq 0 ]; then
    [ "$(ls -A | grep -c 'schedc-old' || true)" -eq 0 ] || fail "exit 0 but the previous output is left: $(ls -A)"
  else
    grep -q "cannot be removed" err || fail "read-only previous output: exit $rc: $(cat err)"
  fi
  chmod -R u+w . 2>/dev/null || true
  # Finding 10: a directory of the repo that cannot be read is an error naming it and the cause, not a silent skip.
  mkdir -p walk/locked && cp src/platform.sched walk/ && cp src/platform.sched walk/locked/p.sched && chmod 000 walk/locked
  chown -R nobody walk 2>/dev/null || true
  rc=0; "${as_user[@]}" "$schedc" check --color never walk >out.txt 2>err || rc=$?
  [ "$rc" -eq 1 ] && grep -q "error\[SCH9001\]: cannot read \`walk/locked\`: the directory cannot be read (Permission denied)" err \
    && grep -q -- "--> walk/locked:1:1" err || fail "unreadable directory: exit $rc: $(cat err out.txt)"
  chmod 755 walk/locked
fi

[ $status -eq 0 ] && echo "hostile: FIFO, killed, concurrent and read-only builds behave"
exit $status
