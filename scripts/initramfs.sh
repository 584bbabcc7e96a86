#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack build/initramfs.cpio.gz: static busybox, scripts/guest-init as /init,
# the KVM modules, the plan, the tests to pin to one vCPU and the stripped
# programs the plan runs (for vmm/vmm, also its guest's kernel and initramfs).
# The modules come from the kernel that KVARIANT selects.
#   initramfs.sh PLAN [OUTPUT]	(default build/initramfs.cpio.gz)
. "$(dirname "$0")/lib.sh"

plan=$1
out=${2:-$BUILD/initramfs.cpio.gz}
root=$BUILD/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests,modules}
cp /bin/busybox "$root/bin/busybox"
file -L "$root/bin/busybox" 2>/dev/null | grep -q 'dynamically' &&
	die "/bin/busybox is dynamically linked: install busybox-static"
cp "$TOP/scripts/guest-init" "$root/init"
cp "$plan" "$root/plan"
list_entries "$TOP/tests/kvm-one-cpu.txt" | awk '{ print $1 }' >"$root/one-cpu"
for m in virt/lib/irqbypass arch/x86/kvm/kvm arch/x86/kvm/kvm-amd; do
	ko=$KOBJ/$m.ko
	[ -f "$ko" ] || die "$ko was not built: is KVM still =m in config/kvm-guest.config?"
	strip --strip-debug -o "$root/modules/${m##*/}.ko" "$ko"
done
cp "$SELFTESTS/kvm-caps" "$root/tests/"
awk '$1 == "run" || $1 == "rerun" { print $3 }' "$plan" | while read -r t; do
	mkdir -p "$root/tests/$(dirname "$t")"
	strip -o "$root/tests/$t" "$SELFTESTS/$t"
done
# The reference VMM finds the kernel and initramfs of its guest next to itself.
if [ -f "$root/tests/vmm/vmm" ]; then
	cp "$SELFTESTS/vmm/bzImage" "$SELFTESTS/vmm/guest-initramfs.cpio.gz" "$root/tests/vmm/"
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
