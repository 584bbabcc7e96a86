#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the series in the configuration matrix.  For each configuration:
# make prepare, then the directories the series touches (mm/ and the arch's
# kvm/ at least), not the whole kernel.  The test configuration itself is
# linked in full by make test.
#   feature-off       tinyconfig + kvm-guest.config, feature options off
#   kvm-modules       tinyconfig + kvm-guest.config + feature, KVM=m KVM_AMD=m
#                     KVM_INTEL=m KVM_WERROR=y
#   x86_64-defconfig  defconfig + KVM modules + feature
#   s390-defconfig    cross-built: s390 is the other user of
#                     arch_make_folio_accessible()
#   arm64-defconfig   cross-built: the generic mm changes
#   mips-defconfig    cross-built: an arch whose uapi <asm/mman.h> does not
#                     use asm-generic/mman-common.h, so new MADV_ values
#                     must be added there too
#   matrix.sh [name...]
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" gcc-s390x-linux-gnu gcc-aarch64-linux-gnu gcc-mips-linux-gnu
"$TOP/scripts/tree.sh"

# The series as committed, in a work tree of its own.
src=$BUILD/matrix/src
if [ ! -d "$src" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$src" series
fi
git -C "$src" checkout -q --detach "$(git -C "$KSRC" rev-parse series)"

cfg=$TOP/config
off=$BUILD/matrix/feature-off.config
sed -nE 's/^(CONFIG_[A-Z0-9_]+)=.*/# \1 is not set/p' "$cfg/feature.config" >"$off"

# name  ARCH  CROSS_COMPILE  base-target  fragments...
configs=(
	"feature-off x86 - tinyconfig $cfg/kvm-guest.config $off"
	"kvm-modules x86 - tinyconfig $cfg/kvm-guest.config $cfg/feature.config $cfg/matrix/kvm-modules.config"
	"x86_64-defconfig x86 - defconfig $cfg/matrix/x86-kvm.config $cfg/feature.config"
	"s390-defconfig s390 s390x-linux-gnu- defconfig"
	"arm64-defconfig arm64 aarch64-linux-gnu- defconfig"
	"mips-defconfig mips mips-linux-gnu- defconfig"
)

# Directories to build: the .c files the series touches, for this arch.
touched_dirs()
{
	local arch=$1
	{
		echo mm/
		echo "arch/$arch/kvm/"
		git -C "$KSRC" diff --name-only base series -- '*.c' |
			awk '!/^tools\// { sub(/[^\/]*$/, ""); print }'
	} | awk -v a="arch/$arch/" '!/^arch\// || index($0, a) == 1' | sort -u |
		while read -r d; do
			if [ -f "$src/$d/Makefile" ]; then echo "$d"; fi
		done
}

fails=()
for c in "${configs[@]}"; do
	read -r name arch cross target frags <<<"$c"
	[ $# -eq 0 ] || [[ " $* " == *" $name "* ]] || continue
	[ "$cross" = - ] && cross=
	obj=$BUILD/matrix/$name
	log=$LOGS/matrix-$name.log
	mkdir -p "$obj"
	mk() { make -C "$src" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross" \
		CC="ccache ${cross}gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"; }
	dirs=$(touched_dirs "$arch" | tr '\n' ' ')
	t0=$(date +%s)
	progress "matrix: $name: $target ${frags:++ fragments}, building $dirs"
	if ! {
		mk "$target" &&
		if [ -n "$frags" ]; then
			"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" $frags &&
			mk olddefconfig
		fi &&
		{ [ -z "$frags" ] || ! dropped_options "$obj/.config" $frags | sed "s/^/Kconfig dropped: /" | grep .; } &&
		mk prepare && mk $dirs
	} >"$log" 2>&1; then
		tail -n 20 "$log"
		fails+=("$name")
		progress "matrix: $name FAIL after $(($(date +%s) - t0)) s, log: $log"
		continue
	fi
	warnings=$(grep -c 'warning:' "$log" || true)
	progress "matrix: $name PASS in $(($(date +%s) - t0)) s ($warnings compiler warnings, log: $log)"
done
[ ${#fails[@]} -eq 0 ] || die "matrix failed: ${fails[*]}"
progress "matrix: all configurations built"
