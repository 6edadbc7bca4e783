#!/usr/bin/env bash
# Installs the package into a clean Debian 12 root file system and checks that the installed schedc is the build
# tree's: `schedc build examples` writes the same bytes as the build tree's binary run in the same root (and as on
# this machine, when its tz database is the same version); it finds its stdlib without environment variables (and
# fails without it: the check can fail); it runs as a non-root user as in the container image; `--version` is the
# same; its bash completion works; purging it leaves nothing behind.
#
# The root file system is `mmdebstrap --variant=minbase` (what debian:12-slim is) from the Debian mirrors this
# machine's apt is configured with, plus the package's dependencies as apt resolves them from the package's own
# Depends field (the package itself is then purged). It is cached as a tarball under the build directory, keyed
# by that field, the apt sources and mmdebstrap's version, so a rerun needs no network; each run unpacks it afresh.
#
# Usage: chroot.sh DEB SCHEDC SOURCE_DIR CACHE_DIR
# Exit 77 (ctest: skipped, with the reason) only when not run as root. Everything else that goes wrong fails,
# including a Debian mirror that cannot be reached while the cache is built: a skip would hide a broken package.
set -euo pipefail
trap 'echo "chroot: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
deb="$(realpath "$1")"; schedc="$(realpath "$2")"; src="$(realpath "$3")"; cache="$4"
fail() { echo "package chroot: FAILED: $*" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
  echo "package chroot: SKIPPED: needs root (chroot, mount); run the suite as root, as .ci/test does" >&2
  exit 77
fi
command -v mmdebstrap >/dev/null || fail "mmdebstrap is not installed (.ci/install-deps installs it)"
mkdir -p "$cache"
# A run that was killed (a ctest timeout) leaves its root behind: remove those older than an hour.
find "$cache" -maxdepth 1 -name 'run.*' -type d -mmin +60 -exec rm -rf --one-file-system {} +
work="$(mktemp -d "$cache/run.XXXXXX")"
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT

# --- Debian's entries of this machine's apt sources, in one-line form ------------------------------------------
sources="$work/sources.list"
{
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && grep -E '^[[:space:]]*deb[[:space:]]' "$f" || true
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'function flush() {
           if (types ~ /(^| )deb( |$)/ && enabled != "no")
             for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++)
               print "deb" (signed != "" ? " [signed-by=" signed "]" : "") " " u[i] " " s[j] " " comps
           types = ""; enabled = ""; signed = ""; comps = ""; nu = 0; ns = 0 }
         /^[[:space:]]*#/ { next }
         /^[[:space:]]*$/ { flush(); next }
         { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "") }
         key == "types" { types = $0 } key == "enabled" { enabled = tolower($0) } key == "signed-by" { signed = $0 }
         key == "components" { comps = $0 }
         key == "uris" { nu = split($0, u, " ") } key == "suites" { ns = split($0, s, " ") }
         END { flush() }' "$f"
  done
} | awk '!/signed-by=/ || /signed-by=\/usr\/share\/keyrings\/debian-archive-keyring\.gpg/' | awk '!seen[$0]++' >"$sources"
grep -q . "$sources" || fail "no Debian entry in this machine's apt sources (/etc/apt/sources.list*)"

# --- the cached root file system ----------------------------------------------------------------------------
depends="$(dpkg-deb -f "$deb" Depends)"
key="$( { echo "minbase bookworm"; echo "$depends"; cat "$sources"; mmdebstrap --version; } | sha256sum | cut -c1-16)"
base="$cache/rootfs-$key.tar"
if [ ! -f "$base" ]; then
  echo "package chroot: building the Debian 12 root file system (cached as $(basename "$base")) from:"; sed 's/^/  /' "$sources"
  rm -f "$cache"/rootfs-*.tar
  # apt in the new root installs the package (resolving its Depends from the mirrors), then dpkg purges it.
  if ! mmdebstrap --variant=minbase \
       --customize-hook="upload $deb /tmp/schedc.deb" \
       --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install --yes --no-install-recommends /tmp/schedc.deb' \
       --customize-hook='chroot "$1" dpkg --purge schedc' \
       --customize-hook='rm "$1/tmp/schedc.deb"' \
       bookworm "$work/rootfs.tar" "$sources" >"$work/mmdebstrap.log" 2>&1; then
    tail -n 30 "$work/mmdebstrap.log" >&2
    fail "mmdebstrap could not build a Debian 12 root file system with the package's dependencies (its log is
above; without network to the Debian mirror it cannot). To run the other tests without this one: ctest -E package_chroot"
  fi
  mv "$work/rootfs.tar" "$base"
fi
root="$work/root"
mkdir "$root"
tar -C "$root" -xf "$base"
[ ! -e "$root/usr/bin/schedc" ] || fail "the cached root file system already holds schedc"

# Commands in the root file system, with /proc mounted (schedc finds its stdlib from /proc/self/exe) in a mount
# namespace of their own, so nothing stays mounted when they end. `chroot OPTIONS`: e.g. --userspec.
in_root() {
  local opts=()
  while [[ "${1:-}" == --* ]]; do opts+=("$1"); shift; done
  unshare --mount --propagation private -- sh -c 'mount -t proc proc "$0/proc" && exec "$@"' "$root" \
    chroot "${opts[@]}" "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME=/tmp "$@"
}

cp "$deb" "$root/tmp/schedc.deb"
in_root dpkg -i /tmp/schedc.deb >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed (dependencies?)"; }
in_root test -x /usr/bin/schedc || fail "/usr/bin/schedc is not installed"

# The same user as the container image (Dockerfile), which runs schedc as non-root.
in_root useradd --uid 10001 --user-group --no-create-home --home-dir /work --shell /usr/sbin/nologin schedc
mkdir -p "$root/work"
cp -r "$src/examples" "$root/work/examples"
chown -R 10001:10001 "$root/work"
as_user() { in_root --userspec=10001:10001 sh -c 'cd /work && exec "$@"' sh "$@"; }

# The build tree's binary runs beside it, in the same root (the same libraries and tzdata: the comparison is about
# the package, not about this machine's tzdata); it is given the source tree's stdlib explicitly.
mkdir -p "$root/opt/build-tree"
cp "$schedc" "$root/opt/build-tree/schedc"
cp -r "$src/stdlib" "$root/opt/build-tree/stdlib"
tree() { as_user env SCHEDC_STDLIB=/opt/build-tree/stdlib /opt/build-tree/schedc "$@"; }

# --version: the same.
tree_version="$(tree --version)"
root_version="$(as_user schedc --version)"
[ "$tree_version" = "$root_version" ] || fail "--version differs: build tree '$tree_version', installed '$root_version'"
[[ "$root_version" == "schedc $(dpkg-deb -f "$deb" Version) "* ]] || fail "--version '$root_version' is not the package's version"

# schedc build examples: the same bytes from the installed schedc (its stdlib found without SCHEDC_STDLIB) as from
# the build tree's.
tree build examples --out out-tree >/dev/null || fail "the build tree's schedc failed in the chroot"
as_user schedc build examples --out out >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "schedc build failed in the chroot"; }
files="$(find "$root/work/out-tree" -type f | wc -l)"
[ "$files" -gt 10 ] || fail "the build tree's schedc wrote only $files files"
diff -r "$root/work/out-tree" "$root/work/out" >"$work/diff" 2>&1 || { head -n 40 "$work/diff"; fail "the installed schedc's output differs from the build tree's"; }
[ "$(find "$root/work/out" -type f | wc -l)" -eq "$files" ] || fail "different numbers of files"
[ "$(find "$root/work/out" ! -user 10001 | wc -l)" -eq 0 ] || fail "output not owned by the user who ran schedc"
# And the same as this machine's build tree writes here, when the tz databases are the same version.
host_version="$(env -u SCHEDC_STDLIB "$schedc" --version)"
mkdir -p "$work/host" && cp -r "$src/examples" "$work/host/examples"
(cd "$work/host" && env -u SCHEDC_STDLIB "$schedc" build examples --out out >/dev/null)
if [ "$host_version" = "$root_version" ]; then
  diff -r "$work/host/out" "$root/work/out" >"$work/diff" 2>&1 || { head -n 40 "$work/diff"; fail "the installed schedc's output differs from this machine's"; }
else
  echo "package chroot: the root's tz database is not this machine's (root: '$root_version'; here: '$host_version'):" \
       "compared with the build tree's binary in the root only"
fi

# The check can fail: without its stdlib, the installed schedc reports SCH2002 (so it was not found elsewhere).
mv "$root/usr/share/schedc/stdlib" "$root/usr/share/schedc/stdlib.off"
if as_user schedc check examples >"$work/nostdlib.log" 2>&1; then fail "schedc check passed without its stdlib"; fi
grep -q SCH2002 "$work/nostdlib.log" || { cat "$work/nostdlib.log"; fail "no SCH2002 without the stdlib"; }
mv "$root/usr/share/schedc/stdlib.off" "$root/usr/share/schedc/stdlib"
as_user schedc check examples >/dev/null || fail "schedc check failed with its stdlib back"

# The bash completion, as bash-completion loads it: the subcommands after `schedc b`.
completion="$(in_root bash -c 'source /usr/share/bash-completion/completions/schedc
  COMP_WORDS=(schedc b); COMP_CWORD=1; _schedc; echo "${COMPREPLY[*]}"')"
[ "$completion" = build ] || fail "bash completion of 'schedc b' gave '$completion', not 'build'"

# Purging removes every file it installed.
in_root dpkg --purge schedc >/dev/null
for p in /usr/bin/schedc /usr/share/schedc /usr/share/man/man1/schedc.1.gz /usr/share/doc/schedc \
         /usr/share/bash-completion/completions/schedc /usr/share/zsh/vendor-completions/_schedc; do
  [ ! -e "$root$p" ] || fail "$p is left after dpkg --purge"
done
echo "package chroot: installed $(basename "$deb") into a clean Debian 12 root; $files output files identical to the build tree's"
