#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: build the patched kernel, boot it under QEMU, show what KVM
# offers for private guest memory and run in-place private memory.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
"$TOP/scripts/build-kernel.sh"
"$TOP/scripts/build-selftests.sh"
# The demo runs the series' own tests: they show the feature at work.
printf 'run 120 %s\n' x86_64/private_pages_conversions_test \
	x86_64/private_pages_refusals_test >"$BUILD/plan.demo"
"$TOP/scripts/initramfs.sh" "$BUILD/plan.demo"
progress "booting the patched kernel"
out=$("$TOP/scripts/boot.sh" demo 300) || true
case $out in
*"---- exit "[1-9]*)
	printf '%s\n' "$out"
	die "a demo program failed; console: $LOGS/console.log"
	;;
*"==== end of demo ===="*) printf '%s\n' "$out" ;;
*)
	printf '%s\n' "$out"
	tail -n 30 "$LOGS/console.log" >&2
	die "the demo did not complete; console: $LOGS/console.log"
	;;
esac
