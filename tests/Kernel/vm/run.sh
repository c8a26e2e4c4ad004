#!/usr/bin/env bash
# Runs one command inside a throw-away VM booting Debian's kernel (which has IPVS) on the
# host's own files: run.sh [options] -- command [args...]
# The working directory is kept, output streams to stdout, the exit code comes back, and
# qemu never outlives this script (timeout, parent-death signal, traps).
#   --timeout SEC   kill the VM after SEC seconds (default 900); exit 124
#   --mem MIB       guest memory (default 2048)      --smp N   guest CPUs (default 2)
#   --results DIR   writable host dir, same path in the guest ($HATOOLS_VM_RESULTS);
#                   default: a temporary dir, removed afterwards
#   --no-overlay    guest / is the host's / read-only (default: tmpfs overlay, writes discarded)
#   -e NAME=VALUE   extra environment for the command
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${HATOOLS_VM_CACHE:-$repo/.vm}

timeout_s=900 mem=2048 smp=2 results= overlay=1 envs=()
while (($#)); do
  case $1 in
    --timeout) timeout_s=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --no-overlay) overlay=0; shift ;;
    -e) envs+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run.sh: unknown option $1 (usage: run.sh [options] -- command...)" >&2; exit 2 ;;
  esac
done
(($#)) || { echo "run.sh: no command (usage: run.sh [options] -- command...)" >&2; exit 2; }

HATOOLS_VM_QUIET=1 HATOOLS_VM_FAST=1 "$here/prepare.sh"
kernel=$cache/vmlinux
[[ -f $kernel ]] || kernel=$cache/vmlinuz

keep_results=1
if [[ -z $results ]]; then
  mkdir -p "$cache/runs"
  results=$(mktemp -d "$cache/runs/run.XXXXXX")
  keep_results=0
fi
mkdir -p "$results"
results=$(cd "$results" && pwd -P)
rm -f "$results/rc" "$results/job.sh" "$results/job.env"

{
  echo "VM_RESULTS=$(printf %q "$results")"
  echo "VM_OVERLAY=$overlay"
  echo "VM_CWD=$(printf %q "$PWD")"
} > "$results/job.env"

# The job runs under the host's bash inside the chroot; %q quoting is bash's own.
{
  echo "export PATH=$(printf %q "$PATH")"
  echo "export HOME=/tmp DOTNET_CLI_HOME=/tmp TMPDIR=/tmp TERM=dumb LANG=C.UTF-8"
  echo "export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=0"
  # Under TCG every instruction counts: skip profile-guided re-JIT instrumentation.
  echo "export DOTNET_TieredPGO=0"
  # Restored packages stay readable where the host keeps them.
  echo "export NUGET_PACKAGES=$(printf %q "${NUGET_PACKAGES:-$HOME/.nuget/packages}")"
  echo "export HATOOLS_VM=1 HATOOLS_VM_RESULTS=$(printf %q "$results")"
  for e in "${envs[@]}"; do echo "export $(printf %q "${e%%=*}")=$(printf %q "${e#*=}")"; done
  echo "cd $(printf %q "$PWD") || exit 125"
  printf 'exec'; printf ' %q' "$@"; echo
} > "$results/job.sh"

qemu_pid=
cleanup() {
  [[ -n $qemu_pid ]] && kill -KILL "$qemu_pid" 2>/dev/null || true
  [[ $keep_results == 1 ]] || rm -rf "$results"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# setpriv --pdeathsig: qemu (and timeout) die with their parent even if this script is SIGKILLed.
setpriv --pdeathsig KILL -- timeout -k 5 "$timeout_s" \
  setpriv --pdeathsig KILL -- qemu-system-x86_64 \
    -accel tcg -cpu max -m "$mem" -smp "$smp" \
    -display none -monitor none -nic none -no-reboot -bios /usr/share/qemu/qboot.rom \
    -serial "file:$results/console.log" -serial stdio \
    -kernel "$kernel" -initrd "$cache/initramfs.cpio.gz" \
    -append "console=ttyS0 quiet loglevel=1 panic=-1 rdinit=/init" \
    -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$results,mount_tag=results,security_model=none,multidevs=remap" \
    < /dev/null &
qemu_pid=$!
set +e
wait "$qemu_pid"; vm_rc=$?
set -e
qemu_pid=

if [[ $vm_rc == 124 || $vm_rc == 137 ]]; then
  echo "run.sh: VM timed out after ${timeout_s}s" >&2
  exit 124
fi
if [[ ! -s $results/rc ]]; then
  echo "run.sh: VM ended (qemu status $vm_rc) without an exit code; its console:" >&2
  tail -n 40 "$results/console.log" >&2 || true
  exit 125
fi
exit "$(cat "$results/rc")"
