#!/usr/bin/env bash
# Builds IpvsBench and runs it in the kernel test VM (tests/Kernel/vm/run.sh): run.sh [services] [rounds]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dotnet build "$here/IpvsBench.csproj" -c Release -v q -nologo -clp:NoSummary >&2
cd "$repo"
exec tests/Kernel/vm/run.sh --timeout 1200 -- dotnet bench/IpvsBench/bin/Release/net10.0/IpvsBench.dll "$@"
