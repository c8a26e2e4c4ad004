#!/usr/bin/env bash
# Builds (once) what run.sh boots: Debian's stock kernel, extracted from its .deb (never
# installed), and a busybox initramfs holding only the modules the kernel tests need.
# Idempotent: everything lives under <repo>/.vm/ and is rebuilt only when this script,
# init.sh or the kernel package version changes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${HATOOLS_VM_CACHE:-$repo/.vm}
quiet=${HATOOLS_VM_QUIET:-0}
log() { [[ $quiet == 1 ]] || echo "prepare: $*" >&2; }

# Host tools: qemu to boot, busybox-static for the initramfs, kmod for depmod/modprobe
# --show-depends, cpio to pack, xz-utils to unpack the kernel image, ipvsadm and keepalived as the
# references the kernel tests compare against (keepalived's checker runs in the guest, Checks/).
need_pkgs=()
for p in qemu-system-x86 busybox-static kmod cpio ipvsadm keepalived xz-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# run.sh's fast path: a finished cache built by this very script is good enough; only
# test.sh (and a plain ./prepare.sh) ask apt whether a newer kernel package exists.
self_hash=$(cat "$here/prepare.sh" "$here/init.sh" | sha256sum | cut -c1-16)
if [[ ${HATOOLS_VM_FAST:-0} == 1 && -f $cache/stamp && $(cut -d' ' -f2 "$cache/stamp") == "$self_hash" \
      && -f $cache/vmlinuz && -f $cache/initramfs.cpio.gz ]]; then
  exit 0
fi

# The versioned image package that the linux-image-amd64 meta package points at.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [[ -z $kpkg ]]; then
  apt-get update -qq
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
fi
[[ -n $kpkg ]] || { echo "prepare: cannot resolve linux-image-amd64" >&2; exit 1; }
kver=${kpkg#linux-image-}

stamp_want="$kpkg $self_hash"
if [[ -f $cache/stamp && $(cat "$cache/stamp") == "$stamp_want" && -f $cache/vmlinuz && -f $cache/initramfs.cpio.gz ]]; then
  log "up to date ($kpkg)"
  exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

deb=$(ls "$cache"/"$kpkg"_*.deb 2>/dev/null | head -1 || true)
if [[ -z $deb ]]; then
  log "downloading $kpkg"
  rm -f "$cache"/linux-image-*.deb
  # apt-get download writes into the cwd; _apt cannot write to root-owned dirs, hence the warning filter.
  (cd "$cache" && apt-get download -qq "$kpkg" 2>&1 | grep -v 'unsandboxed' >&2 || true)
  deb=$(ls "$cache"/"$kpkg"_*.deb 2>/dev/null | head -1 || true)
  [[ -n $deb ]] || { echo "prepare: apt-get download $kpkg failed" >&2; exit 1; }
fi

log "extracting $(basename "$deb")"
dpkg-deb -x "$deb" "$tmp/k"
depmod -b "$tmp/k" "$kver"

# Modules the VM may need. Only the boot set is loaded by /init; the rest (schedulers,
# dummy/veth/bridge) the kernel loads on first use through busybox modprobe, because
# loading all of them up front costs ~3 s under TCG.
boot_mods=(virtio_pci 9pnet_virtio 9p overlay ip_vs)
ondemand_mods=(
  crc32c_generic
  ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh
  ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh
  dummy veth bridge
)
ird=$tmp/initramfs
kmods=lib/modules/$kver
mkdir -p "$ird"/{bin,dev,proc,sys,tmp,run,newroot,host,results,ovl,"$kmods"}
for m in "${boot_mods[@]}" "${ondemand_mods[@]}"; do
  modprobe -d "$tmp/k" -S "$kver" --show-depends "$m" | awk '$1=="insmod"{print $2}'
done | sort -u | while read -r ko; do
  rel=${ko#"$tmp/k/"}
  mkdir -p "$ird/$(dirname "$rel")"
  cp "$ko" "$ird/$rel"
done
cp "$tmp/k/$kmods"/modules.{builtin,builtin.modinfo,order} "$ird/$kmods/"
depmod -b "$ird" "$kver"
printf '%s\n' "${boot_mods[@]}" > "$ird/etc-boot-modules"
log "$(find "$ird/$kmods" -name '*.ko*' | wc -l) modules"

cp /bin/busybox "$ird/bin/busybox"
ln -s busybox "$ird/bin/sh"
install -m 0755 "$here/init.sh" "$ird/init"
(cd "$ird" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$tmp/initramfs.cpio.gz"

# qemu boots an uncompressed ELF vmlinux directly (PVH entry, CONFIG_PVH=y), skipping the
# bzImage's xz decompression, which takes seconds under TCG. Fall back to the bzImage.
rm -f "$cache/vmlinux"
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$tmp/k/boot/vmlinuz-$kver" | head -1 | cut -d: -f1 || true)
# (xz stops at the end of its stream, so tail dies of SIGPIPE: judge by the ELF magic.)
[[ -n $off ]] && { tail -c +$((off + 1)) "$tmp/k/boot/vmlinuz-$kver" | xz -dcq --single-stream > "$tmp/vmlinux" 2>/dev/null; } || true
if [[ -s $tmp/vmlinux && $(head -c 4 "$tmp/vmlinux" | od -An -c | tr -d ' ') == '177ELF' ]]; then
  mv -f "$tmp/vmlinux" "$cache/vmlinux"
else
  log "no PVH vmlinux (booting the bzImage, slower)"
fi
cp "$tmp/k/boot/vmlinuz-$kver" "$tmp/vmlinuz"
mv -f "$tmp/vmlinuz" "$cache/vmlinuz"
mv -f "$tmp/initramfs.cpio.gz" "$cache/initramfs.cpio.gz"
echo "$kver" > "$cache/kernel-version"
echo "$stamp_want" > "$cache/stamp"
log "ready: $cache/vmlinuz $cache/initramfs.cpio.gz ($kver)"
