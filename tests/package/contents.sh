#!/usr/bin/env bash
# What the package declares and holds: its name, version and architecture; dependencies that are Debian runtime
# packages only (no -dev package, no compiler or build tool) and that include tzdata; and exactly the files a user
# needs, where Debian puts them: the binary, every stdlib module, the man page, the bash and zsh completions, the
# copyright file and the changelog.
# Usage: contents.sh DEB VERSION SOURCE_DIR
set -euo pipefail
trap 'echo "contents: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
deb="$1"; version="$2"; src="$3"
status=0
fail() { echo "package contents: $*"; status=1; }

[ "$(dpkg-deb -f "$deb" Package)" = schedc ] || fail "Package is not schedc"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is $(dpkg-deb -f "$deb" Version), not $version"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || fail "wrong Architecture"
depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
[ -n "$depends" ] || fail "no Depends"
IFS=',' read -ra relations <<<"$depends"
names=()
for r in "${relations[@]}"; do
  for alt in ${r//|/ }; do
    case "$alt" in \(*|*\)|=*|\<*|\>*) continue ;; esac   # version constraints
    names+=("$alt")
  done
done
for n in "${names[@]}"; do
  case "$n" in
    *-dev|*-dev:*) fail "depends on a development package: $n" ;;
    g++*|gcc*|cpp*|clang*|cmake*|make|build-essential|libstdc++-*-dev|binutils*) fail "depends on a build tool: $n" ;;
  esac
done
depends_on() { local n; for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }
depends_on tzdata || fail "does not depend on tzdata (schedc reads /usr/share/zoneinfo)"
# Every shared library the binary needs is in a package it depends on.
# No pipeline here has a reader that stops early (awk's exit, head, grep -q): with pipefail, the writer's SIGPIPE
# would end this script under set -e without a word, depending on timing.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
ld_cache="$(ldconfig -p)"
for lib in $(objdump -p "$tmp/root/usr/bin/schedc" | awk '/NEEDED/ {print $2}'); do
  path="$(awk -v l="$lib" '!found && $1 == l && /x86-64|64bit|x86_64/ {print $NF; found = 1}' <<<"$ld_cache")"
  [ -n "$path" ] || { fail "cannot find $lib on this machine"; continue; }
  owner=""
  for p in "$path" "$(readlink -f "$path")"; do   # dpkg knows a library by one of /lib and /usr/lib (merged /usr)
    for q in "$p" "${p#/usr}" "/usr$p"; do
      [ -n "$owner" ] || owner="$(dpkg -S "$q" 2>/dev/null | awk -F: 'NR == 1 {print $1}')" || true
    done
  done
  depends_on "$owner" || fail "the binary needs $lib (package ${owner:-?}), which is not in Depends"
done

# The files, exactly (directories aside).
expected="$tmp/expected"; actual="$tmp/actual"
{
  echo ./usr/bin/schedc
  (cd "$src/stdlib" && find . -name '*.sched' | sed 's|^\./|./usr/share/schedc/stdlib/|')
  echo ./usr/share/man/man1/schedc.1.gz
  echo ./usr/share/bash-completion/completions/schedc
  echo ./usr/share/zsh/vendor-completions/_schedc
  echo ./usr/share/doc/schedc/copyright
  echo ./usr/share/doc/schedc/changelog.gz
} | LC_ALL=C sort >"$expected"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | LC_ALL=C sort >"$actual"
diff -u "$expected" "$actual" || fail "the package's files differ from the expected list (- expected, + packaged)"
# Modes and owners: root:root, 0755 directories and the binary, 0644 for the rest.
dpkg-deb -c "$deb" | awk '$2 != "root/root" {print "not root/root: " $0}' | grep . && fail "files not owned by root"
dpkg-deb -c "$deb" | awk '($1 ~ /^d/ && $1 != "drwxr-xr-x") || ($1 ~ /^-/ && $6 != "./usr/bin/schedc" && $1 != "-rw-r--r--") || ($6 == "./usr/bin/schedc" && $1 != "-rwxr-xr-x") {print "mode: " $0}' | grep . && fail "unexpected modes"
# The binary is stripped (lintian would also say so).
[[ "$(file -b "$tmp/root/usr/bin/schedc")" == *", stripped"* ]] || fail "the binary is not stripped"
# The man page and the changelog are compressed as Debian does it (gzip -9n: no name, no time stamp).
for gz in usr/share/man/man1/schedc.1.gz usr/share/doc/schedc/changelog.gz; do
  gzip -t "$tmp/root/$gz" || fail "$gz is not a valid gzip file"
  [ "$(od -An -tu4 -j4 -N4 "$tmp/root/$gz" | tr -d ' ')" = 0 ] || fail "$gz records a time stamp (not gzip -n)"
done
[[ "$(zcat "$tmp/root/usr/share/doc/schedc/changelog.gz" | awk 'NR == 1')" == "schedc ($version) "* ]] ||
  fail "the changelog's first entry is not version $version"

[ $status -eq 0 ] && echo "package contents: ok ($(wc -l <"$actual") files)"
exit $status
