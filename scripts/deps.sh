#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages a job needs, only those that are missing.
#   deps.sh [extra-package...]
. "$(dirname "$0")/lib.sh"

pkgs=(
	"$BASE_PKG" xz-utils git make gcc libc6-dev flex bison bc perl
	libelf-dev libssl-dev ccache cpio file busybox-static qemu-system-x86
	python3 python3-ply python3-git
	"$@"
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] ||
		die "missing packages: ${missing[*]}; run as root or: apt-get install ${missing[*]}"
	progress "installing ${missing[*]}"
	run_logged "apt-get install" "$LOGS/apt.log" sh -c "
		apt-get update &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
fi

have=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
if [ "$have" != "$BASE_TESTED" ]; then
	warn "$BASE_PKG is $have, the series was tested on $BASE_TESTED"
fi
