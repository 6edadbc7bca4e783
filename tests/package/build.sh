#!/usr/bin/env bash
# Builds the Debian package with CPack from the build tree (the binary the other tests run, stripped), into
# BUILD_DIR/packages/, and checks that it is exactly one schedc_<version>_<arch>.deb.
# Usage: build.sh CPACK BUILD_DIR VERSION
set -euo pipefail
trap 'echo "build: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
cpack="$1"; build="$2"; version="$3"
arch="$(dpkg --print-architecture)"
rm -rf "$build/packages"
(cd "$build" && "$cpack" --config CPackConfig.cmake >cpack.log 2>&1) || { cat "$build/cpack.log"; echo "package: cpack failed"; exit 1; }
mapfile -t debs < <(find "$build/packages" -maxdepth 1 -name '*.deb' | sort)
expected="$build/packages/schedc_${version}_${arch}.deb"
if [ "${#debs[@]}" -ne 1 ] || [ "${debs[0]}" != "$expected" ]; then
  echo "package: expected exactly $expected, found: ${debs[*]:-nothing}"; exit 1
fi
echo "package: built $(basename "$expected") ($(du -k "$expected" | cut -f1) KiB)"
