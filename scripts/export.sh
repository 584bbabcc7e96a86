#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export base..series of build/linux into patches/ as git format-patch files,
# with 0000-cover-letter.patch made from patches/cover-letter and a quilt-style
# series file.  Hashes are zeroed and the output does not depend on the local
# git configuration, so exporting an unchanged tree changes no byte.
#   export.sh          write patches/
#   export.sh --check  only report whether patches/ matches the tree
. "$(dirname "$0")/lib.sh"

check=${1:-}
[ -d "$KSRC/.git" ] || die "no tree at $KSRC: run 'make tree' first"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

git_fp()
{
	git -C "$KSRC" -c core.abbrev=12 -c diff.noprefix=false \
		-c diff.mnemonicPrefix=false -c diff.algorithm=myers \
		-c diff.renames=true -c format.signOff=false "$@"
}

n=$(git -C "$KSRC" rev-list --count base..series)
if [ "$n" -gt 0 ]; then
	git_fp format-patch -q -o "$out" --zero-commit --no-signature \
		--no-thread --no-to --no-cc --no-notes --no-add-header \
		--subject-prefix=PATCH --cover-letter --base=base base..series

	# The cover letter takes its subject and text from patches/cover-letter,
	# its sender from the first patch and its date from the last one, instead
	# of the exporter's git identity and the time of the export.
	cover=$out/0000-cover-letter.patch
	first=$(ls "$out"/*.patch | sed -n 2p)
	last_date=$(grep -m1 '^Date: ' "$(ls "$out"/*.patch | tail -n 1)")
	from=$(awk '/^From: / { f = 1; print; next } f && /^[ \t]/ { print; next } f { exit }' "$first")
	awk -v src="$TOP/patches/cover-letter" -v date="$last_date" -v from="$from" '
		BEGIN {
			getline subject < src
			getline blank < src
			while ((getline line < src) > 0)
				body = body line "\n"
		}
		/^From: / && !seen_from++ { print from; skip = 1; next }
		skip && /^[ \t]/ { next }
		{ skip = 0 }
		/^Date: / && !seen_date++ { print date; next }
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
		/^\*\*\* BLURB HERE \*\*\*$/ { printf "%s", body; next }
		{ print }' "$cover" >"$cover.new"
	mv "$cover.new" "$cover"
fi

{
	echo "# Applied in this order with git am on the base commit (scripts/tree.sh)."
	(cd "$out" && ls | grep -v '^0000-cover-letter.patch$' | grep '\.patch$' || true)
} >"$out/series"

changed=$( (cd "$TOP/patches" && ls -- *.patch series 2>/dev/null; cd "$out" && ls) |
	sort -u | while read -r f; do
		cmp -s "$TOP/patches/$f" "$out/$f" || echo "$f"
	done)

if [ "$check" = --check ]; then
	[ -z "$changed" ] && exit 0
	warn "the tree and patches/ differ (make export saves the tree): $(echo $changed)"
	exit 1
fi

if [ -z "$changed" ]; then
	progress "patches/ is up to date ($n patches)"
	exit 0
fi
rm -f "$TOP"/patches/*.patch
cp "$out"/*.patch "$TOP/patches/" 2>/dev/null || true
cp "$out/series" "$TOP/patches/series"
progress "exported $n patches; changed: $(echo $changed)"
