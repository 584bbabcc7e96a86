#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: build the patched kernel, boot it under QEMU and show what
# KVM offers for private guest memory.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
"$TOP/scripts/build-kernel.sh"
"$TOP/scripts/build-selftests.sh"
: >"$BUILD/plan.demo"
"$TOP/scripts/initramfs.sh" "$BUILD/plan.demo"
progress "booting the patched kernel"
out=$("$TOP/scripts/boot.sh" demo 300) || true
case $out in
*"==== end of demo ===="*) printf '%s\n' "$out" ;;
*)
	printf '%s\n' "$out"
	tail -n 30 "$LOGS/console.log" >&2
	die "the demo did not complete; console: $LOGS/console.log"
	;;
esac
