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
"$TOP/scripts/build-kernel.sh"
"$TOP/scripts/build-selftests.sh"

# The plan: tests the series adds (built, but neither in the baseline nor
# excluded) first, then the reference VMM, then the baseline, then the
# excluded ones as SKIP lines.
plan=$BUILD/plan
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
	if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then
		echo "skip $name not selected by ONLY"
	elif [ -n "$quick" ] && [ "$kind" = baseline ] &&
	     ! names "$TOP/tests/kvm-smoke.txt" | grep -qxF "$name"; then
		echo "skip $name quick mode runs only tests/kvm-smoke.txt"
	else
		echo "$(rerun_or_run "$name") $t $name $*"
	fi
}
{
	grep -vxF -f <(cat <(names "$TOP/tests/kvm-baseline.txt") \
			   <(names "$TOP/tests/kvm-excluded.txt")) "$built" |
	while read -r name; do
		t=$(list_entries "$TOP/tests/kvm-series.txt" | awk -v n="$name" '$1 == n { print $2 }')
		emit "$name" "${t:-${TEST_TIMEOUT:-120}}" new
	done || true
	# The reference VMM (vmm/) boots a Linux guest on private memory; its
	# steps are KTAP subtests.  About 30 s; the VMM gives up at 240 s.
	emit vmm/vmm 300 new --ktap -t 240
	list_entries "$TOP/tests/kvm-baseline.txt" |
	while read -r name t args; do
		emit "$name" "${t:-${TEST_TIMEOUT:-120}}" baseline $args
	done
	list_entries "$TOP/tests/kvm-excluded.txt" | sed 's/^/skip /'
} >"$plan"
nrun=$(grep -cE '^(re)?run ' "$plan" || true)
# Results the host adds after the guest's: the console check and the cheap
# lint gates.
host_tests=(guest_run_complete kernel_console_clean lint_checkpatch lint_series)
ntests=$(($(wc -l <"$plan") + ${#host_tests[@]}))
limit=$(awk -v r="$max_runs" '$1 == "run" { s += $2 } $1 == "rerun" { s += r * $2 }
	END { print s + 300 }' "$plan")

"$TOP/scripts/initramfs.sh" "$plan"

ktap=$LOGS/ktap.txt
console=$LOGS/console.log
rm -f "$ktap" "$console"
progress "booting: $nrun tests to run, $(($(wc -l <"$plan") - nrun)) skipped, guest time limit ${limit}s"
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
qemu_rc=0
rm -f "$BUILD/qemu.pid"
"$TOP/scripts/boot.sh" test "$limit" gp.host_tests=${#host_tests[@]} gp.max_runs=$max_runs |
	watchdog || qemu_rc=$?
[ "$qemu_rc" -eq 0 ] || warn "QEMU exited with $qemu_rc$([ "$qemu_rc" -eq 124 ] && echo ': the guest ran past its time limit')"

# Close the KTAP document: a result for every test of the plan, then the
# host's own.
incomplete=
grep -q '^KTAP version 1' "$ktap" 2>/dev/null || {
	warn "the guest did not start the tests; the end of the console:"
	tail -n 30 "$console" >&2 || true
	{ echo "KTAP version 1"; echo "1..$ntests"; } >"$ktap"
	incomplete="the guest did not start the tests"
}
[ -n "$incomplete" ] || grep -q '^# guest done' "$ktap" ||
	incomplete="the guest stopped before the end of the plan"
[ -n "$incomplete" ] || [ "$qemu_rc" -eq 0 ] || incomplete="QEMU exited with $qemu_rc"
i=0
while read -r kind a b rest; do
	i=$((i + 1))
	grep -qE "^(not )?ok $i " "$ktap" && continue
	# The guest prints the plan's skips as it goes; those it did not reach
	# are still skips, only tests that were to run count as failed.
	if [ "$kind" = skip ]; then
		echo "ok $i $a # SKIP $b $rest" >>"$ktap"
	else
		echo "not ok $i $b # no result: the guest stopped (see $console)" >>"$ktap"
	fi
done <"$plan"

i=$(wc -l <"$plan")
i=$((i + 1))
if [ -z "$incomplete" ]; then
	echo "ok $i guest_run_complete" >>"$ktap"
else
	echo "not ok $i guest_run_complete # $incomplete (console: $console)" >>"$ktap"
fi
i=$((i + 1))
# An OOM kill's report dumps a stack too; tests that hit a memory cgroup's
# limit on purpose expect it.  Its lines, up to the end of the dump, are no
# splat.
oom_report='/invoked oom-killer:/ { oom = 1 } oom { if (/<\/TASK>/) oom = 0; next }'
splats=$(awk "$oom_report { print }" "$console" 2>/dev/null |
	grep -nE -f "$TOP/tests/splat-patterns" | head -n 20 || true)
if [ -z "$splats" ] && [ -s "$console" ]; then
	echo "ok $i kernel_console_clean" >>"$ktap"
else
	{
		[ -s "$console" ] || echo "# $console is empty"
		# Name the test that was running when each splat was printed.
		awk -v pats="$TOP/tests/splat-patterns" '
			BEGIN { while ((getline p < pats) > 0) re = re (re ? "|" : "") p }
			/gp: test / { sub(/.*gp: /, ""); sub(/: start$/, ""); cur = $0; next }
			'"$oom_report"'
			$0 ~ re && n++ < 20 { printf "# console.log:%d (during %s): %s\n", NR, cur ? cur : "boot", $0 }' \
			"$console"
		echo "not ok $i kernel_console_clean # kernel splat in $console"
	} >>"$ktap"
	warn "kernel splat in the console:"
	grep -E '^# console.log:' "$ktap" >&2 || true
fi
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
	cp "$ktap" "$console" "$plan" "$keep/"
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
	progress "KTAP: $ktap, console: $console"
	status=0
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
