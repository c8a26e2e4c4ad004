#!/usr/bin/env bash
# Runs every HaTools test: unit, hosted PowerShell, network-namespace (root) and the IPVS kernel
# suite inside a qemu VM. Installs its prerequisites first. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tools/prereqs.sh || exit 1
start=$(date +%s)
echo "== build"
dotnet build HaTools.sln -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0 skipped=0 status=0
results=$(mktemp -d)
run_suite() { # name, command...
    local name=$1; shift
    echo "== $name"
    local log="$results/$name.log"
    "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    # dotnet test prints "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12" per assembly;
    # suites of our own print "N passed, N failed[, N skipped]".
    local p f s
    p=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
    f=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
    s=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
    if [[ $p -eq 0 && $f -eq 0 ]]; then
        p=$(grep -oE '^[A-Za-z]*:? ?[0-9]+ passed' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
        f=$(grep -oE '[0-9]+ failed' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
    fi
    if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; echo "!! $name exited with $rc"; fi
    if [[ $p -eq 0 && $f -eq 0 ]]; then f=1; echo "!! $name ran no test"; fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
    [[ $rc -eq 0 ]] || status=1
}

for proj in tests/*/*.Tests.csproj; do
    name=$(basename "$proj" .csproj)
    [[ $name == HaTools.Kernel.Tests ]] && continue   # runs inside the VM below
    run_suite "$name" dotnet test "$proj" --no-build -nologo
done
if [[ -x tests/Kernel/vm/test.sh ]]; then
    run_suite "HaTools.Kernel.Tests (qemu)" tests/Kernel/vm/test.sh
fi

echo "== done in $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $status -eq 0 && $failed -eq 0 ]]
