# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the scripts in this directory; sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
KSRC=$BUILD/linux		# git work tree: base commit + the series
# KVARIANT=debug selects the debug kernel (config/debug.config on top).
KVARIANT=${KVARIANT:-}
KOBJ=$BUILD/obj${KVARIANT:+-$KVARIANT}	# out-of-tree kernel build
SELFTESTS=$BUILD/selftests	# static KVM selftests and the demo
LOGS=$BUILD/logs

BASE_PKG=linux-source-6.12
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
# The Debian package version the series was last tested on (README, cover letter).
BASE_TESTED=$(cat "$TOP/patches/base-version")

# ccache lives outside the clone so that a fresh clone (CI) still hits it.
# BASEDIR makes the hashes independent of where the clone is.
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/guest-private/ccache}
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

JOBS=${JOBS:-$(($(nproc) + 1))}

# Seconds since the top-level command started; inherited by sub-scripts.
export GP_START=${GP_START:-$(date +%s)}

elapsed()
{
	local s=$(($(date +%s) - GP_START))
	printf '%02d:%02d' $((s / 60)) $((s % 60))
}

progress()
{
	printf '[%s] %s\n' "$(elapsed)" "$*"
}

warn()
{
	printf '[%s] WARNING: %s\n' "$(elapsed)" "$*" >&2
}

die()
{
	printf '[%s] ERROR: %s\n' "$(elapsed)" "$*" >&2
	exit 1
}

# Run a long command with its output in a log file, printing a heartbeat with
# the elapsed time every 30 s.  On failure the tail of the log is shown.
run_logged()
{
	local what=$1 log=$2 pid rc
	shift 2
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1 &
	pid=$!
	while ! wait_timeout "$pid" 30; do
		progress "$what ..."
	done
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$log" >&2
		die "$what failed (exit $rc), full log: $log"
	fi
}

# wait_timeout PID SECONDS: true once PID has exited, false after SECONDS.
wait_timeout()
{
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

# The entries of a list file (patches/series, tests/*.txt): its lines but
# for blank ones and whole-line "#" comments ("#" may appear in a reason).
list_entries()
{
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$1"
}

# The patches of the series, in order, as listed in patches/series.
series_patches()
{
	list_entries "$TOP/patches/series" | awk '{ print $1 }'
}

# kmake SRC OBJ ARGS...: make in kernel tree SRC, objects in OBJ, with ccache.
kmake()
{
	local src=$1 obj=$2
	shift 2
	make -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# dropped_options CONFIG FRAGMENT...: print each line of the fragments that
# did not make it into CONFIG, because Kconfig dropped it.  As when they are
# merged, a later fragment's value for a symbol overrides an earlier one's.
dropped_options()
{
	local config=$1 line
	shift
	sed -nE '/^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)/p' "$@" | tac |
		awk '{ sym = $0; sub(/^# /, "", sym); sub(/[= ].*/, "", sym) } !seen[sym]++' | tac |
		while read -r line; do
			case $line in
			# An option that is off because its dependencies are
			# not met has no line at all: it only must not be set.
			"# "*) ! grep -q "^${line:2:-11}=" "$config" || echo "$line" ;;
			*) grep -qxF -- "$line" "$config" || echo "$line" ;;
			esac
		done
}
