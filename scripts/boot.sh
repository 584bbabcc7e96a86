#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the built kernel and initramfs under TCG (no hardware virtualisation
# needed: "-cpu max" is an AMD CPU with SVM and NPT, so kvm_amd works inside).
# The kernel console goes to build/logs/console.log (or $CONSOLE), the
# guest's ttyS1 to stdout.  Exits 124 if the guest runs past TIMEOUT seconds.
# KVARIANT selects the kernel, INITRD the initramfs (default
# build/initramfs.cpio.gz).
#   boot.sh MODE TIMEOUT [extra kernel parameters...]
. "$(dirname "$0")/lib.sh"

mode=$1 limit=$2
shift 2
mkdir -p "$LOGS"
# Two NUMA nodes of 1 GiB, so that move_pages() and mbind() have somewhere to
# move pages to.  Both CPUs are on node 0: CPUs on two nodes would need two
# sockets (one last-level cache cannot span nodes), whose TSCs the kernel then
# finds unsynchronized under TCG.  movablecore= puts the top 256 MiB of each
# node in ZONE_MOVABLE, for the memory offlining test.
exec timeout --foreground -k 10 "$limit" \
	qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 2G \
		-object memory-backend-ram,id=m0,size=1G -numa node,nodeid=0,cpus=0-1,memdev=m0 \
		-object memory-backend-ram,id=m1,size=1G -numa node,nodeid=1,memdev=m1 \
		-display none -monitor none -no-reboot -pidfile "$BUILD/qemu.pid" \
		-kernel "$KOBJ/arch/x86/boot/bzImage" -initrd "${INITRD:-$BUILD/initramfs.cpio.gz}" \
		-append "console=ttyS0 panic=-1 movablecore=512M gp.mode=$mode $*" \
		-serial file:"${CONSOLE:-$LOGS/console.log}" -serial stdio </dev/null
