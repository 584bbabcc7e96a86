#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test command: build the patched kernel and the KVM selftests, boot under
# QEMU, run the plan and judge the run.  The KTAP document is printed as it
# grows into build/logs/ktap.txt; the last line is "N passed, N failed, N skipped".
#   test.sh [--quick]
# ONLY="test..." runs only the named tests (the others are reported skipped).
. "$(dirname "$0")/lib.sh"

quick=
[ "${1:-}" = --quick ] && quick=1

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
lint_out=$BUILD/lint-cheap.txt
"$TOP/scripts/lint.sh" --cheap 2>&1 | tee "$lint_out" || true
# The phases: boots of the test guest that share one KTAP document.
#   main   the test kernel: the series' tests, the reference VMM, the baseline
#   debug  the debug kernel (config/debug.config: KASAN, PAGE_TABLE_CHECK):
#          the series' tests, the VMM and the smoke subset, with longer timeouts
#   npt0   the test kernel with kvm_amd.npt=0: KVM must refuse the feature as
#          documented; the refusals test checks it, the others skip
# quick mode runs main only; PHASES="..." picks others.
if [ -n "$quick" ]; then
	phases=${PHASES:-main}
else
	phases=${PHASES:-main debug npt0}
fi
# How much slower the debug kernel runs a test than the test kernel, for
# its timeouts (measured: see README).
debug_slowdown=3

"$TOP/scripts/build-kernel.sh"
[[ " $phases " != *" debug "* ]] || KVARIANT=debug "$TOP/scripts/build-kernel.sh"
"$TOP/scripts/build-selftests.sh"

# A phase's plan: tests the series adds (built, but neither in the baseline
# nor excluded) first, then the reference VMM, then the baseline, then the
# excluded ones as SKIP lines.  First, the lists must agree with the tree.
names() { list_entries "$1" | awk '{ print $1 }'; }
built=$SELFTESTS/tests.list
for f in kvm-baseline.txt kvm-excluded.txt; do
	for t in $(names "$TOP/tests/$f"); do
		grep -qxF "$t" "$built" || die "tests/$f lists $t, which the tree does not build"
	done
done
dup=$(cat <(names "$TOP/tests/kvm-baseline.txt") <(names "$TOP/tests/kvm-excluded.txt") | sort | uniq -d)
[ -z "$dup" ] || die "both in the baseline and excluded: $dup"
# Timeouts of the series' own tests: built, and not baseline tests.
for t in $(names "$TOP/tests/kvm-series.txt"); do
	grep -qxF "$t" "$built" || die "tests/kvm-series.txt lists $t, which the tree does not build"
	! names "$TOP/tests/kvm-baseline.txt" | grep -qxF "$t" ||
		die "tests/kvm-series.txt lists $t, which is a baseline test"
done
# The smoke subset, reruns and pinning apply to baseline tests only: the
# series' own tests always run, once, on both vCPUs.
for f in kvm-smoke.txt kvm-rerun.txt kvm-one-cpu.txt; do
	for t in $(names "$TOP/tests/$f"); do
		names "$TOP/tests/kvm-baseline.txt" | grep -qxF "$t" ||
			die "tests/$f lists $t, which is not in tests/kvm-baseline.txt"
	done
done
# A baseline test that fails now and then under emulation, on the unpatched
# base too, may run up to max_runs times (tests/kvm-rerun.txt); the guest
# gets the limit as gp.max_runs.
max_runs=3
# rerun_or_run NAME: the plan verb.
rerun_or_run()
{
	if names "$TOP/tests/kvm-rerun.txt" | grep -qxF "$1"; then
		echo rerun
	else
		echo run
	fi
}
# emit NAME TIMEOUT KIND [ARGS...]: one plan line; KIND is new or baseline.
emit()
{
	local name=$1 t=$2 kind=$3
	shift 3
	t=$((t * slow))
	if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then
		echo "skip $name not selected by ONLY"
	elif [ "$phase" = npt0 ] && [ "$kind" = vmm ]; then
		echo "skip $name shadow paging offers no KVM_X86_SW_PROTECTED_VM (api.rst)"
	elif [ "$kind" = baseline ] && { [ -n "$quick" ] || [ "$phase" = debug ]; } &&
	     ! names "$TOP/tests/kvm-smoke.txt" | grep -qxF "$name"; then
		echo "skip $name ${phase/main/quick mode} runs only tests/kvm-smoke.txt"
	else
		echo "$(rerun_or_run "$name") $t $name $*"
	fi
}
# make_plan PHASE: the plan of one phase.
make_plan()
{
	local phase=$1 slow=1

	[ "$phase" != debug ] || slow=$debug_slowdown
	grep -vxF -f <(cat <(names "$TOP/tests/kvm-baseline.txt") \
			   <(names "$TOP/tests/kvm-excluded.txt")) "$built" |
	while read -r name; do
		t=$(list_entries "$TOP/tests/kvm-series.txt" | awk -v n="$name" '$1 == n { print $2 }')
		emit "$name" "${t:-${TEST_TIMEOUT:-120}}" new
	done || true
	# The reference VMM (vmm/) boots a Linux guest on private memory; its
	# steps are KTAP subtests.  About 30 s; the VMM gives up at 240 s.
	emit vmm/vmm 300 vmm --ktap -t $((240 * ${slow:-1}))
	[ "$phase" = npt0 ] && return
	list_entries "$TOP/tests/kvm-baseline.txt" |
	while read -r name t args; do
		emit "$name" "${t:-${TEST_TIMEOUT:-120}}" baseline $args
	done
	[ "$phase" = debug ] && return
	list_entries "$TOP/tests/kvm-excluded.txt" | sed 's/^/skip /'
}
# phase_prefix PHASE: what goes before the phase's test names in the KTAP.
phase_prefix()
{
	[ "$1" = main ] || echo "$1:"
}

# The whole plan, every phase's in turn, numbers the KTAP document's tests;
# the host's own results follow: per phase whether the guest ran to the end
# and whether the console is clean, then the cheap lint gates.
plan=$BUILD/plan
: >"$plan"
host_tests=()
for phase in $phases; do
	case $phase in main | debug | npt0) ;; *) die "unknown phase $phase" ;; esac
	make_plan "$phase" >"$plan-$phase"
	cat "$plan-$phase" >>"$plan"
	host_tests+=("$(phase_prefix "$phase")guest_run_complete"
		     "$(phase_prefix "$phase")kernel_console_clean")
done
host_tests+=(lint_checkpatch lint_series)
ntests=$(($(wc -l <"$plan") + ${#host_tests[@]}))

ktap=$LOGS/ktap.txt
rm -f "$ktap" "$LOGS"/console*.log
{ echo "KTAP version 1"; echo "1..$ntests"; } >"$ktap"

# The guest enforces each test's timeout; this watchdog catches a guest that
# stops altogether (a hung kernel), so that the run ends within the test's
# timeout plus a minute, naming the test, instead of at the overall limit.
watchdog()
{
	local line now deadline=$(($(date +%s) + 180)) n t cur
	while :; do
		if IFS= read -r -t 10 line; then
			case $line in
			"# ["*)
				cur=${line#"# ["}
				n=${cur%%/*}
				t=$(sed -n "${n}p" "$plan" | awk '{ print $2 }')
				deadline=$(($(date +%s) + ${t:-120} + 60))
				progress "test ${cur%%]*}: ${cur#*] }"
				;;
			"ok "* | "not ok "*) printf '        %s\n' "$line" ;;
			esac
			echo "$line" >>"$ktap"
		elif [ $? -le 128 ]; then
			break		# end of the guest's output
		fi
		now=$(date +%s)
		if [ "$now" -gt "$deadline" ]; then
			warn "the guest stopped responding; killing QEMU"
			echo "# host watchdog: no progress, QEMU killed" >>"$ktap"
			kill "$(cat "$BUILD/qemu.pid")" 2>/dev/null || true
			deadline=$((now + 30))
		fi
	done
}

# since_mark REGEX: whether a line of the KTAP document after line $mark
# matches.  Not "tail | grep -q": grep's early exit can kill tail with
# SIGPIPE, which pipefail turns into "no match".
since_mark()
{
	awk -v mark="$mark" -v re="$1" 'NR > mark && $0 ~ re { found = 1; exit }
		END { exit !found }' "$ktap"
}

# boot_phase PHASE FIRST: boot the phase's kernel with its plan; its tests
# are numbered from FIRST + 1.  Sets nrun (0: nothing to boot for),
# incomplete (empty if the guest ran to the end) and console.
boot_phase()
{
	local phase=$1 first=$2 n limit params=() mark qemu_rc=0
	local phplan=$plan-$phase prefix

	prefix=$(phase_prefix "$phase")
	n=$(wc -l <"$phplan")
	nrun=$(grep -cE '^(re)?run ' "$phplan" || true)
	limit=$(awk -v r="$max_runs" '$1 == "run" { s += $2 } $1 == "rerun" { s += r * $2 }
		END { print s + 300 }' "$phplan")
	console=$LOGS/console${prefix:+-$phase}.log
	incomplete=
	[ "$nrun" -gt 0 ] || return 0
	case $phase in
	debug) export KVARIANT=debug ;;
	*) export KVARIANT= ;;
	esac
	[ "$phase" = npt0 ] && params+=(kvm_amd.npt=0 gp.skip_ok=1)
	[ -z "$prefix" ] || params+=("gp.prefix=$prefix")
	"$TOP/scripts/initramfs.sh" "$phplan" "$BUILD/initramfs-$phase.cpio.gz"
	progress "booting ($phase): $nrun tests to run, $((n - nrun)) skipped, guest time limit ${limit}s"
	echo "# phase $phase: the ${KVARIANT:-test} kernel${params:+, ${params[*]}}" >>"$ktap"
	mark=$(wc -l <"$ktap")
	rm -f "$BUILD/qemu.pid"
	INITRD=$BUILD/initramfs-$phase.cpio.gz CONSOLE=$console \
		"$TOP/scripts/boot.sh" test "$limit" gp.first="$first" \
		gp.host_tests=$((ntests - n)) gp.max_runs=$max_runs "${params[@]}" |
		watchdog || qemu_rc=$?
	export KVARIANT=
	[ "$qemu_rc" -eq 0 ] || warn "QEMU exited with $qemu_rc$([ "$qemu_rc" -eq 124 ] && echo ': the guest ran past its time limit')"
	if ! since_mark '^# kernel '; then
		warn "the guest did not start the tests; the end of the console:"
		tail -n 30 "$console" >&2 || true
		incomplete="the guest did not start the tests"
	elif ! since_mark '^# guest done'; then
		incomplete="the guest stopped before the end of the plan"
	elif [ "$qemu_rc" -ne 0 ]; then
		incomplete="QEMU exited with $qemu_rc"
	fi
	return 0
}

# An OOM kill's report dumps a stack too; tests that hit a memory cgroup's
# limit on purpose expect it.  Its lines, up to the end of the dump, are no
# splat.
oom_report='/invoked oom-killer:/ { oom = 1 } oom { if (/<\/TASK>/) oom = 0; next }'
# console_verdict PREFIX CONSOLE: the KTAP body of PREFIXkernel_console_clean
# (without the number), and the splats as comments.
console_verdict()
{
	local prefix=$1 console=$2 splats
	splats=$(awk "$oom_report { print }" "$console" 2>/dev/null |
		grep -nE -f "$TOP/tests/splat-patterns" | head -n 20 || true)
	if [ -z "$splats" ] && [ -s "$console" ]; then
		echo "ok ${prefix}kernel_console_clean"
		return
	fi
	[ -s "$console" ] || echo "# $console is empty"
	# Name the test that was running when each splat was printed.
	awk -v pats="$TOP/tests/splat-patterns" -v log="${console##*/}" '
		BEGIN { while ((getline p < pats) > 0) re = re (re ? "|" : "") p }
		/gp: test / { sub(/.*gp: /, ""); sub(/: start$/, ""); cur = $0; next }
		'"$oom_report"'
		$0 ~ re && n++ < 20 { printf "# %s:%d (during %s): %s\n", log, NR, cur ? cur : "boot", $0 }' \
		"$console"
	echo "not ok ${prefix}kernel_console_clean # kernel splat in $console"
}

verdicts=()
first=0
for phase in $phases; do
	boot_phase "$phase" "$first"
	first=$((first + $(wc -l <"$plan-$phase")))
	prefix=$(phase_prefix "$phase")
	if [ "$nrun" -eq 0 ]; then
		verdicts+=("ok ${prefix}guest_run_complete # SKIP no test to run"
			   "ok ${prefix}kernel_console_clean # SKIP no boot")
		continue
	fi
	if [ -z "$incomplete" ]; then
		verdicts+=("ok ${prefix}guest_run_complete")
	else
		verdicts+=("not ok ${prefix}guest_run_complete # $incomplete (console: $console)")
	fi
	v=$(console_verdict "$prefix" "$console")
	verdicts+=("$v")
	if [[ "$v" = *"not ok"* ]]; then
		warn "kernel splat in the console ($phase):"
		grep -E '^# console' <<<"$v" >&2 || true
	fi
done

# Close the KTAP document: a result for every test of the plan, then the
# host's own.
i=0
while read -r kind a b rest; do
	i=$((i + 1))
	grep -qE "^(not )?ok $i " "$ktap" && continue
	# The guest prints the plan's skips as it goes; those it did not reach
	# are still skips, only tests that were to run count as failed.
	if [ "$kind" = skip ]; then
		echo "ok $i $a # SKIP $b $rest" >>"$ktap"
	else
		echo "not ok $i $b # no result: the guest stopped (see $LOGS/console*.log)" >>"$ktap"
	fi
done <"$plan"

for v in "${verdicts[@]}"; do
	i=$((i + 1))
	# Comment lines (the splats) first, then the numbered result.
	grep -E '^#' <<<"$v" >>"$ktap" || true
	grep -vE '^#' <<<"$v" | sed -E "s/^(not )?ok /&$i /" >>"$ktap"
done
for g in checkpatch series; do
	i=$((i + 1))
	line=$(grep -E "lint: $g " "$lint_out" || echo "lint: $g did not run")
	awk -v g="lint: $g " 'index($0, "lint: ") { on = index($0, g) > 0; next }
		on && /^    / { print "# " $0 }' "$lint_out" >>"$ktap"
	case $line in
	*" PASS "*) echo "ok $i lint_$g" >>"$ktap" ;;
	*) echo "not ok $i lint_$g # ${line#*lint: }" >>"$ktap" ;;
	esac
done

passed=$(grep -E '^ok [0-9]+ ' "$ktap" | grep -vc '# SKIP' || true)
skipped=$(grep -cE '^ok [0-9]+ .*# SKIP' "$ktap" || true)
failed=$(grep -cE '^not ok [0-9]+ ' "$ktap" || true)

if [ "$failed" -gt 0 ]; then
	keep=$LOGS/failed-$(date +%Y%m%d-%H%M%S)
	mkdir -p "$keep"
	cp "$ktap" "$LOGS"/console*.log "$plan"* "$keep/"
	# Each failure with the end of its output, so that the log shows the cause.
	grep -E '^not ok ' "$ktap" | while read -r _ _ n _; do
		awk -v n="$n" '
			index($0, "# [" n "/") == 1 { out = ""; keep = 1; next }
			keep && (index($0, "ok " n " ") == 1 || index($0, "not ok " n " ") == 1) { exit }
			keep { out = out $0 "\n" }
			END { printf "%s", out }' "$ktap" | tail -n 8
		grep -E "^not ok $n " "$ktap"
	done >&2
	warn "run failed; KTAP, console log and plan kept in $keep"
	status=1
else
	progress "KTAP: $ktap, consoles: $(echo "$LOGS"/console*.log)"
	status=0
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
