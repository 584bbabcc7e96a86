#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure (tinyconfig + config/kvm-guest.config + config/feature.config)
# and build bzImage and the KVM modules out of tree in build/obj, with ccache.
# With KVARIANT=debug, config/debug.config goes on top, in build/obj-debug.
. "$(dirname "$0")/lib.sh"

fragments=("$TOP/config/kvm-guest.config" "$TOP/config/feature.config")
[ -z "$KVARIANT" ] || fragments+=("$TOP/config/$KVARIANT.config")
kernel=kernel${KVARIANT:+ ($KVARIANT)}
log=${KVARIANT:+$KVARIANT-}

# Reconfigure only when a fragment or a Kconfig file changed (as edited, not
# as committed), so that an unchanged tree rebuilds nothing and an option
# that a patch adds is merged as soon as the patch is there.
mkdir -p "$KOBJ" "$LOGS"
stamp=$( (cat "${fragments[@]}"; cd "$KSRC" && git ls-files -z -- ':(glob)**/Kconfig*' | xargs -0 cat) |
	sha1sum | cut -c1-40)
if [ ! -f "$KOBJ/.config" ] || [ "$(cat "$KOBJ/.config.stamp" 2>/dev/null)" != "$stamp" ]; then
	progress "configuring the $kernel: tinyconfig + ${fragments[*]#"$TOP/"}"
	{
		kmake "$KSRC" "$KOBJ" tinyconfig
		"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" "$KOBJ/.config" "${fragments[@]}"
		kmake "$KSRC" "$KOBJ" olddefconfig
	} >"$LOGS/${log}config.log" 2>&1 || { tail -n 20 "$LOGS/${log}config.log"; die "configuration failed"; }

	bad=$(dropped_options "$KOBJ/.config" "${fragments[@]}")
	[ -z "$bad" ] || die "Kconfig dropped from config/: $(echo $bad) (a dependency is missing)"
	echo "$stamp" >"$KOBJ/.config.stamp"
fi

ccache -z >/dev/null
progress "building the $kernel: bzImage and modules (-j$JOBS, ccache in $CCACHE_DIR)"
t0=$(date +%s)
run_logged "building the $kernel" "$LOGS/${log}kernel-build.log" kmake "$KSRC" "$KOBJ" -j"$JOBS" bzImage modules
hits=$(ccache -s 2>/dev/null | awk '/^ *Hits:/ { print $2 " of " $4; exit }')
progress "$kernel built in $(($(date +%s) - t0)) s (ccache hits: ${hits:-n/a})"
