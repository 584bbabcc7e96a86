#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series' quality gates, each reported on its own line:
#   checkpatch  scripts/checkpatch.pl --strict on every patch: no ERROR or
#               WARNING; a CHECK only if lint/checkpatch-allowed justifies it
#   series      patches/ matches what it says: shortlog prefixes, the cover
#               letter's base-commit, one patch per subject
#   bisect      after each patch, in order, bzImage and the modules build
#               (and the KVM selftests, once a patch touched them)
#   sparse      make C=1 (sparse) rebuilding the .c files the series
#               touches: no new warning
#   w1          make W=1 on the same files: no new compiler warning
#   coccinelle  make C=1 CHECK=scripts/coccicheck MODE=report on the same
#               files: no new report
#   docs        make htmldocs on the Documentation/ directories whose .rst
#               the series changes, and kernel-doc -Wall on the touched
#               C files: no new warning
# "New" means not already given by the same file in the base.
#   lint.sh             all gates
#   lint.sh --cheap     checkpatch and series only (run by make test)
#   lint.sh GATE...     only the named gates, e.g. lint.sh coccinelle docs
. "$(dirname "$0")/lib.sh"

all_gates="checkpatch series bisect sparse w1 coccinelle docs"
if [ "${1:-}" = --cheap ]; then
	gates="checkpatch series"
elif [ $# -gt 0 ]; then
	for g in "$@"; do
		[[ " $all_gates " = *" $g "* ]] || die "no gate '$g'; the gates: $all_gates"
	done
	gates=" $* "
else
	gates=$all_gates
fi
# want GATE: whether this run includes GATE.
want()
{
	[[ " $gates " = *" $1 "* ]]
}
LINT=$BUILD/lint
mkdir -p "$LINT"
failed=()

gate()
{
	local name=$1 verdict=$2
	shift 2
	printf '[%s] lint: %-10s %s  %s\n' "$(elapsed)" "$name" "$verdict" "$*"
	[ "$verdict" = PASS ] || failed+=("$name")
}

# verdict GATE PASS-TEXT FAIL-TEXT [problem...]: PASS if no problem is given,
# else FAIL with the problems listed below it.
verdict()
{
	local name=$1 ok=$2 bad=$3
	shift 3
	if [ $# -eq 0 ]; then
		gate "$name" PASS "$ok"
	else
		gate "$name" FAIL "$bad"
		printf '    %s\n' "$@"
	fi
}

patch_files()
{
	series_patches | sed "s|^|$TOP/patches/|"
}

gate_checkpatch()
{
	local out=$LINT/checkpatch.txt bad allowed=0 n=0 p
	: >"$out"
	for p in $(patch_files); do
		n=$((n + 1))
		# Debian's python3 has python3-ply for the SPDX check, a
		# python3 earlier in PATH (pyenv, venv) may not.
		(cd "$KSRC" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --terse --show-types \
			--no-summary "$p") >>"$out" || true
	done
	# lint/checkpatch-allowed: "<patch file> <CHECK type> <justification>"
	bad=$(grep -E ': (ERROR|WARNING|CHECK):' "$out" | while IFS= read -r l; do
		f=$(basename "${l%%:*}")
		type=$(sed -E 's/.*: CHECK:([A-Z0-9_]+):.*/\1/;t;s/.*//' <<<"$l")
		if [ -n "$type" ] && grep -qE "^$f[[:space:]]+$type[[:space:]]+[^[:space:]]" \
			"$TOP/lint/checkpatch-allowed" 2>/dev/null; then
			continue
		fi
		echo "$l"
	done || true)
	allowed=$(($(grep -cE ': CHECK:' "$out" || true) - $(grep -cE ': CHECK:' <<<"$bad" || true)))
	if [ -z "$bad" ]; then
		gate checkpatch PASS "$n patches, 0 errors, 0 warnings, $allowed justified checks"
	else
		gate checkpatch FAIL "$(grep -c . <<<"$bad") reports, see $out"
		sed 's/^/    /' <<<"$bad"
	fi
}

gate_series()
{
	local errs=() p subj base_rev cover=$TOP/patches/0000-cover-letter.patch

	"$TOP/scripts/export.sh" --check >/dev/null 2>&1 ||
		errs+=("build/linux differs from patches/ (make export, or make distclean to start over)")
	for p in $(patch_files); do
		subj=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$p")
		# KVM: x86/mmu: ..., KVM: selftests: ..., mm: ..., mm/gup: ..., Documentation: ...
		grep -qE '^(KVM: ([a-z0-9_]+(/[a-z0-9_]+)?: )?|(mm|x86|s390|arm64|Documentation|fs)(/[a-z0-9_/-]+)?: |MAINTAINERS: )[^ ]' <<<"$subj" ||
			errs+=("$(basename "$p"): shortlog prefix not in kernel style: $subj")
		grep -q '^Subject: .*x86/kvm' "$p" &&
			errs+=("$(basename "$p"): \"x86/kvm\" prefix, use \"KVM: x86:\"")
	done
	if [ -n "$(series_patches)" ]; then
		base_rev=$(git -C "$KSRC" rev-parse base)
		grep -qx "base-commit: $base_rev" "$cover" 2>/dev/null ||
			errs+=("0000-cover-letter.patch: no base-commit: $base_rev")
	fi
	p=$(for f in $(patch_files); do sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$f"; done | sort | uniq -d)
	[ -z "$p" ] || errs+=("two patches share the subject: $p")

	verdict series "$(series_patches | wc -l) patches, prefixes and base-commit checked" \
		"${#errs[@]} problems" "${errs[@]}"
}

# A second work tree of build/linux for the committed series, and one for the
# base, each with its own object directory and the test configuration.
worktree()
{
	local dir=$1 rev=$2 obj=$3
	if [ ! -d "$dir" ]; then
		git -C "$KSRC" worktree prune
		git -C "$KSRC" worktree add -q --detach "$dir" "$rev"
	fi
	git -C "$dir" checkout -q --detach "$rev"
	mkdir -p "$obj"
	if ! cmp -s "$KOBJ/.config" "$obj/.config"; then
		cp "$KOBJ/.config" "$obj/.config"
		kmake "$dir" "$obj" olddefconfig >/dev/null
	fi
}

lmake()
{
	kmake "$1" "$2" -j"$JOBS" "${@:3}"
}

gate_bisect()
{
	local tip=$BUILD/lint-tip obj=$BUILD/lint-tip-obj c i=0 n st=0 errs=()

	n=$(git -C "$KSRC" rev-list --count base..series)
	for c in $(git -C "$KSRC" rev-list --reverse base..series); do
		i=$((i + 1))
		worktree "$tip" "$c" "$obj"
		progress "lint: bisect $i/$n: $(git -C "$tip" log -1 --format=%s)"
		if ! lmake "$tip" "$obj" bzImage modules >"$LINT/bisect-$i.log" 2>&1; then
			errs+=("patch $i does not build: $(git -C "$tip" log -1 --format=%s) ($LINT/bisect-$i.log)")
			continue
		fi
		git -C "$tip" diff --quiet "$c~" "$c" -- tools/testing/selftests/kvm include/uapi \
			arch/x86/include/uapi || st=1
		[ "$st" -eq 1 ] || continue
		if ! { lmake "$tip" "$obj" headers &&
		       make -C "$tip/tools/testing/selftests/kvm" -j"$JOBS" ARCH=x86 \
			    OUTPUT="$BUILD/lint-tip-selftests" CC="ccache gcc" \
			    EXTRA_CFLAGS=-static KHDR_INCLUDES="-isystem $obj/usr/include"
		     } >"$LINT/bisect-$i-selftests.log" 2>&1; then
			errs+=("KVM selftests do not build after patch $i ($LINT/bisect-$i-selftests.log)")
		fi
	done
	verdict bisect "bzImage and modules built after each of $n patches" "${#errs[@]} build failures" "${errs[@]}"
}

# Warnings of a make run on one file, without line numbers, so that the base
# and the series compare by message.  Coccinelle names a second line inside
# its message ("... on line 1596"), which moves as the series adds lines.
normalise()
{
	sed -nE -e 's|^.*/(linux\|lint-tip\|lint-base)(-docs)?/||' -e 's/ line [0-9]+/ line N/g' \
		-e 's/^([^: ]+):[0-9]+(:[0-9-]+)?: /\1: /p' | sort
}

# compare_files GATE KIND MAKE-ARGS...: rebuild each touched .c file in the
# base and in the series with MAKE-ARGS and report the warnings only the
# series has.  KIND "checker" keeps what C=1's checker prints, KIND "compiler"
# what gcc prints (its warnings end in [-W...]).
compare_files()
{
	local gate=$1 kind=$2 f side new=0 files=() out errs=() skipped=() all=()
	shift 2
	mapfile -t all < <(git -C "$KSRC" diff --name-only --diff-filter=AM base "$(series_tip)" -- '*.c' |
		grep -v '^tools/' || true)
	# A file the configuration does not build (vmx.c without KVM_INTEL)
	# fails in the base as well: say so instead of counting it.
	for f in "${all[@]}"; do
		if [ -f "$BUILD/lint-base/$f" ] &&
		   ! lmake "$BUILD/lint-base" "$BUILD/lint-base-obj" "${f%.c}.o" >/dev/null 2>&1; then
			skipped+=("$f")
		else
			files+=("$f")
		fi
	done
	if [ ${#files[@]} -eq 0 ]; then
		gate "$gate" PASS "the series touches no kernel .c file that the configuration builds"
		return
	fi
	for side in base tip; do
		: >"$LINT/$gate-$side.txt"
		for f in "${files[@]}"; do
			[ -f "$BUILD/lint-$side/$f" ] || continue
			rm -f "$BUILD/lint-$side-obj/${f%.c}.o"
			out=$LINT/$gate-$side-$(tr / - <<<"$f").log
			lmake "$BUILD/lint-$side" "$BUILD/lint-$side-obj" "$@" "${f%.c}.o" >"$out" 2>&1 ||
				errs+=("make $* ${f%.c}.o failed in build/lint-$side, see $out")
			if [ "$kind" = compiler ]; then
				grep -E '\[-W[^]]*\]$' "$out"
			else
				grep -vE '\[-W[^]]*\]$' "$out"
			fi | normalise >>"$LINT/$gate-$side.txt" || true
		done
	done
	comm -13 <(sort "$LINT/$gate-base.txt") <(sort "$LINT/$gate-tip.txt") >"$LINT/$gate-all-new.txt"
	# lint/<gate>-allowed: "<function> <justification>" lets a known false
	# positive in that function through, as checkpatch-allowed does for
	# CHECKs.  (The file of a warning can be a header it was inlined from.)
	allowed_warnings "$TOP/lint/$gate-allowed" <"$LINT/$gate-all-new.txt" >"$LINT/$gate-new.txt"
	new=$(grep -c . "$LINT/$gate-new.txt" || true)
	if [ ${#errs[@]} -gt 0 ]; then
		gate "$gate" FAIL "${#errs[@]} builds failed"
		printf '    %s\n' "${errs[@]}"
	elif [ "$new" -eq 0 ]; then
		gate "$gate" PASS "${#files[@]} files, no new warnings ($(grep -c . "$LINT/$gate-base.txt" || true) in the base)${skipped:+; not built by this configuration: ${skipped[*]}}"
	else
		gate "$gate" FAIL "$new new warnings in ${#files[@]} files, see $LINT/$gate-new.txt"
		sed 's/^/    /' "$LINT/$gate-new.txt" | head -n 30
	fi
}

# Drop the warnings that an allow-list names by function, each with a
# justification; print the rest.
allowed_warnings()
{
	local list=$1 l fn
	while IFS= read -r l; do
		fn=$(sed -nE "s/.* in '([^']+)'.*/\1/p" <<<"$l")
		if [ -n "$fn" ] && grep -qE "^$fn[[:space:]]+[^[:space:]]" "$list" 2>/dev/null; then
			continue
		fi
		echo "$l"
	done
}

series_tip()
{
	git -C "$KSRC" rev-parse series
}

gate_docs()
{
	local dirs f side new
	dirs=$(git -C "$KSRC" diff --name-only base "$(series_tip)" -- 'Documentation/*.rst' |
		cut -d/ -f2-3 | sed 's|/[^/]*\.rst$||; s|\.rst$||' | sort -u | tr '\n' ' ')
	for side in base tip; do
		: >"$LINT/docs-$side.txt"
		if [ -n "$dirs" ]; then
			# -E: read every file again.  An incremental build reports
			# only the files changed since the last one, so a warning
			# of an unchanged base file would count as new on the tip.
			make -C "$BUILD/lint-$side" O="$BUILD/lint-$side-docs" SPHINXDIRS="$dirs" \
				SPHINXOPTS=-E htmldocs 2>&1 | grep -iE 'warning|error' |
				normalise >>"$LINT/docs-$side.txt" || true
		fi
		for f in $(git -C "$KSRC" diff --name-only --diff-filter=AM base "$(series_tip)" -- '*.c' '*.h' |
			grep -v '^tools/'); do
			[ -f "$BUILD/lint-$side/$f" ] || continue
			(cd "$BUILD/lint-$side" && scripts/kernel-doc -none -Wall "$f" 2>&1) |
				normalise >>"$LINT/docs-$side.txt" || true
		done
	done
	comm -13 <(sort "$LINT/docs-base.txt") <(sort "$LINT/docs-tip.txt") >"$LINT/docs-new.txt"
	new=$(grep -c . "$LINT/docs-new.txt" || true)
	if [ "$new" -eq 0 ]; then
		gate docs PASS "htmldocs on: ${dirs:-no changed .rst}; kernel-doc -Wall on touched files"
	else
		gate docs FAIL "$new new warnings, see $LINT/docs-new.txt"
		sed 's/^/    /' "$LINT/docs-new.txt" | head -n 30
	fi
}

[ -d "$KSRC/.git" ] || die "no tree at $KSRC: run 'make tree' first"
if want checkpatch; then gate_checkpatch; fi
if want series; then gate_series; fi
if want bisect || want sparse || want w1 || want coccinelle || want docs; then
	# Two of the kernel's semantic patches are scripted in OCaml.
	"$TOP/scripts/deps.sh" sparse coccinelle ocaml-nox ocaml-findlib \
		python3-sphinx python3-sphinx-rtd-theme python3-yaml
	[ -f "$KOBJ/.config" ] || "$TOP/scripts/build-kernel.sh"
fi
if want bisect; then gate_bisect; fi
if want sparse || want w1 || want coccinelle || want docs; then
	worktree "$BUILD/lint-tip" "$(series_tip)" "$BUILD/lint-tip-obj"
	worktree "$BUILD/lint-base" base "$BUILD/lint-base-obj"
	for side in base tip; do
		lmake "$BUILD/lint-$side" "$BUILD/lint-$side-obj" prepare >"$LINT/prepare-$side.log" 2>&1 ||
			die "make prepare failed in build/lint-$side, see $LINT/prepare-$side.log"
	done
fi
if want sparse; then compare_files sparse checker C=1; fi
if want w1; then compare_files w1 compiler W=1; fi
if want coccinelle; then
	compare_files coccinelle checker C=1 CHECK="$BUILD/lint-base/scripts/coccicheck" MODE=report
fi
if want docs; then gate_docs; fi

if [ ${#failed[@]} -gt 0 ]; then
	die "lint failed: ${failed[*]}"
fi
progress "lint: all gates passed"
