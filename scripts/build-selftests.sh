#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the x86_64 KVM selftests of the patched tree, static, against the
# tree's own uapi headers, the demo and the reference VMM (vmm/); write the
# list of tests built.
. "$(dirname "$0")/lib.sh"

hdr=$KOBJ/usr	# "make headers" fills $KOBJ/usr/include
kvm=$KSRC/tools/testing/selftests/kvm

progress "generating uapi headers"
run_logged "make headers" "$LOGS/headers.log" make -C "$KSRC" O="$KOBJ" headers

progress "building KVM selftests (static)"
mkdir -p "$SELFTESTS"
# The selftests' Makefile does not rebuild a test's object when a library
# header it includes changes (a test then runs with another idea of, say,
# struct memstress_args than the library it links).  Start over when any
# header changed; ccache makes that cheap.
stamp=$(find "$kvm" -name '*.h' -print0 | sort -z | xargs -0 cat | sha1sum | cut -c1-40)
if [ "$(cat "$SELFTESTS/.headers.stamp" 2>/dev/null)" != "$stamp" ]; then
	find "$SELFTESTS" -name '*.o' -delete
	echo "$stamp" >"$SELFTESTS/.headers.stamp"
fi
t0=$(date +%s)
run_logged "building KVM selftests" "$LOGS/selftests-build.log" \
	make -C "$kvm" -j"$JOBS" ARCH=x86 OUTPUT="$SELFTESTS" CC="ccache gcc" \
		EXTRA_CFLAGS=-static KHDR_INCLUDES="-isystem $hdr/include"

# Every program the Makefile lists must have been built.
make -s -C "$kvm" ARCH=x86 OUTPUT="$SELFTESTS" -f Makefile \
	-f "$TOP/scripts/print-tests.mk" print-tests |
	tr ' ' '\n' | sed -e "s|^$SELFTESTS/||" -e '/^$/d' | sort >"$SELFTESTS/tests.list"
while read -r t; do
	[ -x "$SELFTESTS/$t" ] || die "selftest $t is listed but was not built"
done <"$SELFTESTS/tests.list"

ccache gcc -static -O2 -Wall -Werror -isystem "$hdr/include" \
	-o "$SELFTESTS/kvm-caps" "$TOP/demo/kvm-caps.c"
# The reference VMM, with the bzImage and initramfs of the guest it boots.
run_logged "building the reference VMM" "$LOGS/vmm-build.log" \
	make -C "$TOP/vmm" KOBJ="$KOBJ" O="$SELFTESTS/vmm" CC="ccache gcc"
progress "$(wc -l <"$SELFTESTS/tests.list") KVM selftests built in $(($(date +%s) - t0)) s"
