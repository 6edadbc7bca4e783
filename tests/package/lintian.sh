#!/usr/bin/env bash
# Debian's package checker on the package: no error and no warning (informational tags are printed, not fatal).
# Usage: lintian.sh DEB
set -euo pipefail
trap 'echo "lintian: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
deb="$1"
command -v lintian >/dev/null || { echo "lintian: not installed (.ci/install-deps installs it)"; exit 1; }
# lintian warns on stderr when it runs as root (as .ci/test does); that warning is not about the package.
rc=0
lintian --fail-on error,warning --display-info --tag-display-limit 0 "$deb" 2> >(grep -v 'running with root privileges' >&2) || rc=$?
if [ $rc -ne 0 ]; then echo "lintian: FAILED (exit $rc): errors or warnings above"; exit 1; fi
echo "lintian: no errors, no warnings ($(lintian --version))"
