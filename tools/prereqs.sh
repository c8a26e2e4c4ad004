#!/usr/bin/env bash
# Installs what the tests and the demo need on Debian 12, idempotently: only missing packages are fetched.
# The .NET SDK (10.x) is expected on PATH already.
set -euo pipefail

packages=(keepalived ipvsadm qemu-system-x86 busybox-static tshark nftables iproute2 iputils-ping arping
          nginx-light cpio kmod xz-utils openssl procps psmisc)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "prereqs: missing packages ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "prereqs: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# keepalived's package starts a daemon on install; the tests run their own instances only.
systemctl disable --now keepalived >/dev/null 2>&1 || true
pkill -x keepalived >/dev/null 2>&1 || true
command -v dotnet >/dev/null || { echo "prereqs: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
