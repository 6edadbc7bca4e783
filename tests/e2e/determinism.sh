#!/usr/bin/env bash
# Output must be byte-identical across runs, input order, locale and the machine's time zone.
set -euo pipefail
trap 'echo "determinism: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
schedc="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$root"
mapfile -t files < <(find examples -name '*.sched' | LC_ALL=C sort)
mapfile -t reversed < <(printf '%s\n' "${files[@]}" | LC_ALL=C sort -r)
locale=C.UTF-8; grep -qix 'de_DE.utf8' <<<"$(locale -a 2>/dev/null)" && locale=de_DE.UTF-8

"$schedc" build examples --out "$work/a" >/dev/null
"$schedc" build examples --out "$work/b" >/dev/null                                   # same again
"$schedc" build "${reversed[@]}" --out "$work/c" >/dev/null                           # files in reverse order
TZ=Pacific/Kiritimati LC_ALL="$locale" "$schedc" build "${files[@]}" --out "$work/d" >/dev/null   # other TZ, locale
TZ=America/St_Johns LANG=tr_TR.UTF-8 "$schedc" build ./examples/ --out "$work/e" >/dev/null     # other spelling

status=0
for x in b c d e; do
  if ! diff -r "$work/a" "$work/$x" >"$work/diff" 2>&1; then
    echo "determinism: output $x differs from a:"; head -n 40 "$work/diff"; status=1
  fi
done
# Diagnostics too: same text whatever the order of inputs.
bad="$work/bad"; mkdir -p "$bad"
printf 'model a {\n  ownr = 1\n}\n' >"$bad/a.sched"
printf 'model b {\n  timeout = 9d\n}\n' >"$bad/b.sched"
"$schedc" check --color never "$bad/a.sched" "$bad/b.sched" >"$work/d1" 2>&1 || true
"$schedc" check --color never "$bad/b.sched" "$bad/a.sched" >"$work/d2" 2>&1 || true
if ! cmp -s "$work/d1" "$work/d2"; then echo "determinism: diagnostics depend on input order"; diff "$work/d1" "$work/d2" | head; status=1; fi
[ $status -eq 0 ] && echo "determinism: identical output across runs, input order, TZ and locale"
exit $status
