#!/usr/bin/env bash
# The kernel test suite, end to end, as CI runs it: prepare the VM (idempotent; installs
# qemu-system-x86 busybox-static kmod cpio ipvsadm keepalived when missing), build
# tests/HaTools.Kernel.Tests, boot the VM and run every test there with the in-process
# runner. Closes with "N passed, N failed, N skipped"; exits non-zero on any failure.
#   test.sh [--filter TEXT]    run only tests whose Class.Method contains TEXT
# Needs root (apt, qemu's 9p export of /). Takes a few minutes: TCG emulates every instruction.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${HATOOLS_VM_CACHE:-$repo/.vm}
start=$SECONDS

"$here/prepare.sh"

project=tests/HaTools.Kernel.Tests
echo "test.sh: building $project" >&2
(cd "$repo" && dotnet build "$project" -c Debug -v q -nologo -clp:NoSummary) >&2
dll=$project/bin/Debug/net10.0/HaTools.Kernel.Tests.dll
[[ -f $repo/$dll ]] || { echo "test.sh: $dll not built" >&2; exit 1; }

results=$cache/results
rm -rf "$results"
mkdir -p "$results"
echo "test.sh: booting the VM ($(cat "$cache/kernel-version")) after $((SECONDS - start)) s" >&2
set +e
(cd "$repo" && "$here/run.sh" --timeout "${HATOOLS_VM_TIMEOUT:-1200}" --results "$results" -- dotnet "$dll" "$@")
rc=$?
set -e
echo "test.sh: kernel tests exited $rc after $((SECONDS - start)) s (VM console: $results/console.log)" >&2
exit $rc
