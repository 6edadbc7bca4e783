#!/usr/bin/env bash
# Output must not depend on the machine's date (docs/language.md §6.1.2 and §11: the horizons come from the inputs
# and the tz database's release). The same builds and checks run at today's date and under faketime (Debian's
# `faketime`, libfaketime) at dates before, inside and long after the horizons, and must be byte-identical.
set -euo pipefail
trap 'echo "faketime: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
schedc="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$root"
command -v faketime >/dev/null || { echo "faketime: the faketime command is missing (.ci/install-deps)"; exit 1; }
# Diagnostics that name dates: DST flips across repos, windows starting 2028-2040, hazards in a DST gap.
dst_case=tests/golden/repos/dst_flip_two_repos/input
windows_case=tests/golden/errors/sch7001_windows_starting_2028_2036_2040/input
gap_case=tests/golden/errors/sch3008_fixed_time_in_gap_and_overlap/input

run() {  # run OUT [faketime DATE]: one build and three checks into OUT
  local out="$1"; shift
  mkdir -p "$out"
  "$@" "$schedc" build examples --out "$out/build" >/dev/null
  "$@" "$schedc" check --color never --repo "london=$dst_case/london" --repo "newyork=$dst_case/newyork" \
    --repo "platform=$dst_case/platform" >"$out/dst.txt" 2>&1 || true
  "$@" "$schedc" check --color never --diagnostics-format json "$windows_case"/*.sched >"$out/windows.json" 2>&1 || true
  "$@" "$schedc" check --color never "$gap_case"/*.sched >"$out/gap.txt" 2>&1 || true
}

run "$work/now" env
status=0
for when in "2001-02-03 04:05:06" "2027-03-28 01:30:00" "2040-10-28 01:30:00" "2099-12-31 23:59:59"; do
  year="$(faketime "$when" date -u +%Y)"
  if [ "$year" != "${when%%-*}" ]; then echo "faketime: the clock is not faked ($year, wanted ${when%%-*})"; exit 1; fi
  run "$work/$year" faketime "$when"
  if ! diff -r "$work/now" "$work/$year" >"$work/diff" 2>&1; then
    echo "faketime: output at $when differs from today's:"; head -n 40 "$work/diff"; status=1
  fi
done
grep -q "2028-2029" "$work/now/windows.json" || { echo "faketime: the 2028 windows were not checked"; status=1; }
grep -q "SCH7001" "$work/now/dst.txt" || { echo "faketime: the DST flip was not reported"; status=1; }
grep -q "SCH3008" "$work/now/gap.txt" || { echo "faketime: the DST gap was not reported"; status=1; }
[ $status -eq 0 ] && echo "faketime: identical output at today's date and at 2001, 2027, 2040 and 2099"
exit $status
