#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: build the patched kernel, boot it under QEMU, show what KVM
# offers for private guest memory, and run the reference VMM (vmm/), which
# boots a Linux guest on private memory and shows the host locked out of it.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
"$TOP/scripts/build-kernel.sh"
"$TOP/scripts/build-selftests.sh"
printf 'run 300 vmm/vmm -t 240\n' >"$BUILD/plan.demo"
"$TOP/scripts/initramfs.sh" "$BUILD/plan.demo"
progress "booting the patched kernel; in it, vmm/vmm boots a Linux guest on private memory"
out=$LOGS/demo.txt
mkdir -p "$LOGS"
"$TOP/scripts/boot.sh" demo 360 | tee "$out" || true
if grep -q '^---- exit 0;' "$out" && grep -q '^==== end of demo ====' "$out"; then
	progress "PASS: $(grep -c '^vmm: \[ ok \]' "$out") steps of the VMM passed: a Linux guest" \
		"ran on private memory and the host could not read it (output: $out)"
elif grep -q '^---- exit ' "$out"; then
	die "the VMM failed: $(grep -c '^vmm: \[FAIL\]' "$out") failed steps, see above" \
		"(output: $out, console: $LOGS/console.log)"
else
	tail -n 30 "$LOGS/console.log" >&2
	die "the demo did not complete; console: $LOGS/console.log"
fi
