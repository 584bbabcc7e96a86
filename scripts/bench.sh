#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark: build the benchmark kernel (the test kernel without its
# debugging, config/bench.config), boot it once and measure, in that boot,
# three backings of guest memory side by side:
#   A  anonymous memory in a default VM
#   C  guest_memfd private memory in a KVM_X86_SW_PROTECTED_VM
#   B  in-place guest-private memory (KVM_MEM_GUEST_PRIVATE)
# Every measurement runs REPS times (default 5), the backings interleaved
# so that drift of the host hits all three alike.  The table gives the
# median and the best run, and B's ratios to A and C; it is printed and
# saved with a PNG chart of the key ratios in results/ (ignored by git).
#   bench.sh                 REPS=N runs, SIZE_MB=N of memory to fault in
#   bench.sh --table KTAP    tabulate an earlier run's results/bench-*.ktap again
#                            (with the plan of the last run)
. "$(dirname "$0")/lib.sh"

reps=${REPS:-5}
size_mb=${SIZE_MB:-256}
out=$TOP/results
stamp=$(date -u +%Y%m%d-%H%M%S)
ktap=$out/bench-$stamp.ktap
retable=
if [ "${1:-}" = --table ]; then
	# Tabulate the KTAP of an earlier run again, with the plan it ran.
	ktap=$(realpath "$2")
	stamp=$(basename "$ktap" .ktap)
	stamp=${stamp#bench-}
	retable=1
fi
table=$out/bench-$stamp.md
chart=$out/bench-$stamp.png

plan=$BUILD/plan-bench
meta=$BUILD/plan-bench.meta
[ -n "$retable" ] || {
"$TOP/scripts/deps.sh" gnuplot-nox
"$TOP/scripts/tree.sh"
export KVARIANT=bench
"$TOP/scripts/build-kernel.sh"
"$TOP/scripts/build-selftests.sh"
mkdir -p "$out"

# The plan, and for each of its lines what it measures: "figure|backing".
# demand_paging_test's rate is the one figure that is not self-describing;
# private_pages_perf_test prints "bench:" lines that are.
: >"$plan"
: >"$meta"
emit() { echo "run $1" >>"$plan"; echo "$2" >>"$meta"; }
backings=("A shared" "C guest_memfd" "B guest_private")
for rep in $(seq "$reps"); do
	for v in 1 2; do
		for pop in fresh populated; do
			for b in "${backings[@]}"; do
				set -- $b
				emit "300 demand_paging_test -b $((size_mb / v))M -v $v -t $2 $([ $pop = populated ] && echo -P)" \
					"fault-in, $v vCPU$([ $v = 1 ] || echo s), $pop|$1"
			done
		done
	done
done
# The benchmark of the other figures repeats each measurement itself.
emit "3000 x86_64/private_pages_perf_test -F -r $reps ${PERF_ARGS:-}" "-|-"

progress "benchmark: $(grep -c . "$plan") runs in one boot of the benchmark kernel"
INITRD=$BUILD/initramfs-bench.cpio.gz
"$TOP/scripts/initramfs.sh" "$plan" "$INITRD"
limit=$(awk '{ s += $2 } END { print s + 300 }' "$plan")
INITRD=$INITRD CONSOLE=$out/bench-$stamp.console.log \
	"$TOP/scripts/boot.sh" test "$limit" gp.host_tests=0 gp.max_runs=1 | tee "$ktap" |
	grep --line-buffered -E '^(not )?ok ' || true
}

failed=$(grep -cE '^not ok ' "$ktap" || true)
[ "$failed" -eq 0 ] || warn "$failed benchmark runs failed: see $ktap"

# Samples, one per line: "figure|backing|value|unit".
samples=$out/bench-$stamp.samples
awk -v meta="$meta" '
	BEGIN { while ((getline l < meta) > 0) m[++n] = l }
	{ sub(/\r$/, "") }	# lines from the serial port end in CR LF
	/^# \[[0-9]+\// { i = substr($2, 2) + 0; next }
	/Overall demand paging rate:/ { split(m[i], f, "|"); print f[1] "|" f[2] "|" $(NF - 1) "|pages/s"; next }
	/^# # bench: / {
		# "# # bench: FIGURE BACKING METRIC=VALUE UNIT"
		split($6, kv, "=")
		b = $5 == "anon" ? "A" : $5 == "inplace" ? "B" : $5 == "gmem" ? "C" : $5
		print $5 == "gmem-nopunch" ? $4 ", " kv[1] ", no punch|C|" kv[2] "|" $7 : \
			$4 ", " kv[1] "|" b "|" kv[2] "|" $7
	}' "$ktap" >"$samples"
[ -s "$samples" ] || die "no figures in $ktap"

# Per figure and backing: minimum and median.  For a rate higher is better,
# for a time or a size lower is; B's ratios say how many times better B
# does than A and C ("better" per the unit), so above 1 is B ahead.
sort -t'|' -k1,1 -k2,2 -k3,3g "$samples" | awk -F'|' '
	function flush(   k) {
		if (key == "") return
		k = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		min[key] = unit ~ /\/s$/ ? v[n] : v[1]	# the best of the runs
		med[key] = k; units[fig] = unit; cnt[key] = n
	}
	{
		if ($1 "|" $2 != key) { flush(); key = $1 "|" $2; n = 0 }
		fig = $1; unit = $4; v[++n] = $3
		if (!(fig in seen)) { seen[fig] = 1; order[++nf] = fig }
	}
	END {
		flush()
		print "| figure | unit | A anonymous | C guest_memfd | B in place | B vs A | B vs C |"
		print "|---|---|---|---|---|---|---|"
		for (i = 1; i <= nf; i++) {
			f = order[i]; u = units[f]; higher = u ~ /\/s$/
			line = "| " f " | " u
			for (j = 1; j <= 3; j++) {
				b = substr("ACB", j, 1)
				line = line " | " (f "|" b in med ? sprintf("%.4g (best %.4g)", med[f "|" b], min[f "|" b]) : "n/a")
			}
			for (j = 1; j <= 2; j++) {
				x = substr("AC", j, 1); r = "n/a"
				# A converts nothing: no ratio for a round trip.
				if ((f "|B") in med && (f "|" x) in med && med[f "|B"] > 0 && med[f "|" x] > 0 &&
				    !(x == "A" && f ~ /^conv-/))
					r = sprintf("%.2f", higher ? med[f "|B"] / med[f "|" x] : med[f "|" x] / med[f "|B"])
				line = line " | " r
			}
			print line " |"
		}
	}' >"$table.body"

grep -E '^\| (fault-in,|conv-(host|guest), rt_us_per_page|teardown, free_ms|footprint, peak_ratio|scale-64M, priv_busy_us_per_page) ' \
	"$table.body" >"$table.keys" || true
{
	echo "### Benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs;" \
		"guest under QEMU $(qemu-system-x86_64 --version | awk 'NR == 1 { print $4 }') TCG," \
		"2 vCPUs, 2 GiB; kernel $(cd "$KSRC" && git describe --always --tags 2>/dev/null)" \
		"with config/bench.config; $reps repetitions in one boot, medians (best run)."
	echo "B vs A, B vs C: how many times better B does (higher rate, or lower time or size)."
	echo "Emulation makes the absolute numbers meaningless; the ratios hold."
	echo
	echo "Key figures (the issue's targets: fault-in B vs A >= 0.9 and B vs C >= 1.0;"
	echo "round trip B vs C >= 2; teardown B vs A >= 0.83, i.e. at most 1.2 times as long;"
	echo "footprint 1.0; A has no conversion, its round trip is the guest's writes alone):"
	echo
	head -n 2 "$table.body"
	cat "$table.keys"
	echo
	echo "All figures:"
	echo
	cat "$table.body"
} >"$table"
cat "$table"

# The chart: B's ratios for the key figures, a line at 1 (parity).
awk -F'|' '{ gsub(/^ +| +$/, "", $2); gsub(/ /, "", $7); gsub(/ /, "", $8)
	print "\"" $2 "\"", ($7 == "n/a" ? "NaN" : $7), ($8 == "n/a" ? "NaN" : $8) }' \
	"$table.keys" >"$out/bench-$stamp.dat"
rm -f "$table.body" "$table.keys"
gnuplot <<EOF
set terminal pngcairo size 1200,700 font ",10" noenhanced
set output "$chart"
set title "In-place private memory (B): how many times better than anonymous (A) and guest_memfd (C)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30 left
set ylabel "ratio (above 1: B ahead)"
set yrange [0:*]
set grid ytics
set key top right
set bmargin 10
plot "$out/bench-$stamp.dat" using 2:xtic(1) title "B vs A", "" using 3 title "B vs C", 1 with lines lw 2 lc rgb "black" title "parity"
EOF
cp "$table" "$out/latest.md"
cp "$chart" "$out/latest.png"
progress "table: $table, chart: $chart (also results/latest.*)"
[ "$failed" -eq 0 ]
