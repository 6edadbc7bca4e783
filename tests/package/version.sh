#!/usr/bin/env bash
# One version everywhere: the CMake project's (VERSION) is what `schedc --version` prints, what the command line's
# definition (hence the man page) carries, and the newest release in CHANGELOG.md (after an optional [Unreleased]
# section), which has a date.
# Usage: version.sh SCHEDC VERSION CHANGELOG.md
set -euo pipefail
trap 'echo "version: line $LINENO: a command failed (exit $?); set -e stops the test here" >&2' ERR
schedc="$1"; version="$2"; changelog="$3"
status=0
printed="$("$schedc" --version)"
[[ "$printed" == "schedc $version "* ]] || { echo "version: --version prints '$printed', not schedc $version"; status=1; }
defined="$("$schedc" __cli-definition | sed -n 's/^  "version": "\(.*\)",$/\1/p')"
[ "$defined" = "$version" ] || { echo "version: __cli-definition says '$defined', not $version"; status=1; }
newest="$(grep -E '^## \[' "$changelog" | grep -v -m1 '^## \[Unreleased\]' || true)"   # the newest release
[[ "$newest" =~ ^##\ \[([^]]+)\]\ -\ ([0-9]{4}-[0-9]{2}-[0-9]{2})$ ]] && [ "${BASH_REMATCH[1]}" = "$version" ] ||
  { echo "version: the newest section of CHANGELOG.md is '$newest', not '## [$version] - YYYY-MM-DD'"; status=1; }
[ $status -eq 0 ] && echo "version: $version in CMakeLists.txt, --version, the CLI definition and CHANGELOG.md"
exit $status
