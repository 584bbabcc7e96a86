#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Create the development tree build/linux: Debian's linux-source-6.12 as the
# first commit (tag "base"), then the series applied with git am, zero fuzz,
# on branch "series".  An existing tree is kept: it is where you edit.
. "$(dirname "$0")/lib.sh"

# Fixed identity and date: the base commit hash depends only on the tarball,
# so the base-commit: trailer is the same on every machine.
base_commit_env()
{
	export GIT_AUTHOR_NAME="Debian $BASE_PKG" GIT_AUTHOR_EMAIL="linux-source@debian.invalid"
	export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
	export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
}

if [ -d "$KSRC/.git" ]; then
	progress "using the existing tree $KSRC ($(git -C "$KSRC" log -1 --format='%h %s'))"
	"$TOP/scripts/export.sh" --check || true
	exit 0
fi

version=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
progress "extracting $BASE_TARBALL ($version)"
rm -rf "$KSRC" "$BUILD/extract"
mkdir -p "$LOGS"
mkdir -p "$BUILD/extract"
tar -C "$BUILD/extract" -xf "$BASE_TARBALL"
mv "$BUILD/extract/$BASE_PKG" "$KSRC"
rmdir "$BUILD/extract"

# Debian's packaging repository ignores every top-level entry but debian/;
# in a kernel work tree that would hide every new file from git status.
sed -i -e '/^# Debian packaging: ignore everything/,$d' "$KSRC/.gitignore"
sed -i -e '$ { /^#$/d }' "$KSRC/.gitignore"

progress "committing the base"
(
	cd "$KSRC"
	base_commit_env
	git init -q -b series
	git config gc.auto 0
	git add -A
	git commit -q -m "Linux $(make -s kernelversion) from Debian $BASE_PKG $version" \
		-m "The top-level .gitignore lost Debian's packaging rules, which ignore
everything but debian/."
	git tag base
)

progress "applying the series ($(series_patches | wc -l) patches)"
for p in $(series_patches); do
	if ! GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-guest-private tree}" \
	     GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-tree@guest-private.invalid}" \
	     git -C "$KSRC" am -q --committer-date-is-author-date "$TOP/patches/$p" \
	     >"$LOGS/am.log" 2>&1; then
		cat "$LOGS/am.log" >&2
		# Moved aside so that the next run does not take it for a tree.
		rm -rf "$KSRC.failed"
		mv "$KSRC" "$KSRC.failed"
		die "patches/$p does not apply to $BASE_PKG $version (the tree as far as it got: $KSRC.failed)"
	fi
done
progress "tree ready: $KSRC, branch series, $(git -C "$KSRC" rev-list --count base..) commits on base"
