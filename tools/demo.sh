#!/usr/bin/env bash
# The main job: build HaTools, then run it through the real PowerShell engine (hosted, no pwsh needed):
#  1. import the example keepalived configurations and show the objects and diagnostics;
#  2. the failover demo (root): a lab of network namespaces, two HaTools VRRP nodes, a client
#     probing the VIP, the master killed, the backup taking over, the measured timeline.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tools/prereqs.sh
echo "== build"
dotnet build HaTools.sln -nologo -v quiet -clp:ErrorsOnly
shell=tools/HaTools.Shell/bin/Debug/net10.0/hatools-shell
"$shell" -File tools/import-demo.ps1
if [[ -x tools/demo/failover.sh ]]; then
    echo
    bash tools/demo/failover.sh
fi
