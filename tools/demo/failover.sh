#!/usr/bin/env bash
# The HaTools failover demo, one command: builds the module and hatools-shell, then runs failover.ps1
# (two VRRP nodes in network namespaces, master SIGKILLed, backup takes over). Needs root. Exit 0 = takeover seen.
# Options are passed on: bash tools/demo/failover.sh -Version 2 -AdvertisementInterval 1
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $(id -u) -ne 0 ]]; then echo "failover demo: run as root (network namespaces, raw sockets)" >&2; exit 2; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== building HaTools and hatools-shell"
dotnet build tools/HaTools.Shell -nologo -v quiet -clp:ErrorsOnly
echo "== running the failover demo"
exec tools/HaTools.Shell/bin/Debug/net10.0/hatools-shell -File tools/demo/failover.ps1 "$@"
