#!/bin/sh
# PID 1 of the test VM (busybox). Loads the modules prepare.sh chose, mounts the host's /
# read-only over 9p (with a tmpfs overlay so tools that write next to their inputs still
# work), chroots into it and runs the job run.sh left in the shared results directory.
# The exit code goes back as results/rc; the VM always powers off.
export PATH=/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo 1 > /proc/sys/kernel/printk

off() { sync; poweroff -f; echo o > /proc/sysrq-trigger; }
fail() { echo "hatools-vm: $*" > /dev/console; [ -d /results/. ] && echo 125 > /results/rc; off; }

# Boot set now; everything else on first use (ip_vs asks for ip_vs_<scheduler>, rtnetlink
# for rtnl-link-<kind>). The helper runs in PID 1's root, i.e. this initramfs.
echo /bin/modprobe > /proc/sys/kernel/modprobe
while read -r m; do
  modprobe "$m" || fail "modprobe $m failed"
done < /etc-boot-modules

# msize: bigger 9p messages cut round trips, which are what costs under TCG.
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results /results || fail "cannot mount results share"
[ -f /results/job.env ] || fail "no job.env in results share"
. /results/job.env

# The host does not change under a test run, so the lower layer may cache freely.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /host || fail "cannot mount host /"
if [ "$VM_OVERLAY" = 1 ]; then
  mount -t tmpfs -o mode=0755 ovl /ovl
  mkdir -p /ovl/upper /ovl/work
  mount -t overlay overlay -o lowerdir=/host,upperdir=/ovl/upper,workdir=/ovl/work /newroot || fail "cannot mount overlay"
else
  mount --bind /host /newroot
fi
r=/newroot
mount -t proc proc $r/proc
mount -t sysfs sysfs $r/sys
mount -t devtmpfs devtmpfs $r/dev
mkdir -p $r/dev/pts $r/dev/shm
mount -t devpts devpts $r/dev/pts
mount -t tmpfs tmpfs $r/dev/shm
mount -t tmpfs -o mode=1777 tmpfs $r/tmp
mount -t tmpfs -o mode=0755 tmpfs $r/run
# A checkout under /tmp or /run (a CI clone, say) was just hidden by those tmpfs mounts: show it again,
# writable through its own overlay when the root has one.
case "$VM_CWD" in
  /tmp/*|/run/*)
    mkdir -p "$r$VM_CWD"
    if [ "$VM_OVERLAY" = 1 ]; then
      mkdir -p /ovl/cwd-upper /ovl/cwd-work
      mount -t overlay overlay -o "lowerdir=/host$VM_CWD,upperdir=/ovl/cwd-upper,workdir=/ovl/cwd-work" "$r$VM_CWD" || fail "cannot mount $VM_CWD"
    else
      mount --bind "/host$VM_CWD" "$r$VM_CWD" || fail "cannot bind $VM_CWD"
    fi
    ;;
esac
# The results share appears in the guest at the same path it has on the host.
mkdir -p "$r$VM_RESULTS" 2>/dev/null
mount --bind /results "$r$VM_RESULTS" || fail "cannot bind results to $VM_RESULTS"

echo "hatools-vm: mounted at $(cut -d" " -f1 /proc/uptime)s" > /dev/console
ip link set lo up
hostname hatools-vm
# ttyS0 is the kernel's console (a log file on the host); ttyS1 carries only the job's
# output to run.sh's stdout. Raw mode: no \r\n translation.
stty -F /dev/ttyS1 raw -echo 2>/dev/null
echo "hatools-vm: up in $(cut -d' ' -f1 /proc/uptime)s" > /dev/console

chroot $r /bin/bash "$VM_RESULTS/job.sh" < /dev/null > /dev/ttyS1 2>&1
echo $? > /results/rc
off
