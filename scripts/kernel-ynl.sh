#!/usr/bin/env bash
# Prints the directory holding the kernel's own YNL specs and CLI, extracting them
# first if needed. They are test data and an oracle (the kernel's CLI), never part
# of the repository: they come from Debian's linux-source-6.12 package.
#
#   scripts/kernel-ynl.sh            # prints e.g. /var/cache/nlsh/linux-ynl
#   DIR/Documentation/netlink/specs  # every spec file of the kernel tree
#   DIR/tools/net/ynl/cli.py         # the kernel's CLI (needs python3-yaml, python3-jsonschema)
#
# NLSH_KERNEL_YNL overrides the directory. With --install it apt-installs the
# package first (CI does this; a developer may too, as root).
set -euo pipefail

dir=${NLSH_KERNEL_YNL:-/var/cache/nlsh/linux-ynl}
tarball=/usr/src/linux-source-6.12.tar.xz

if [ "${1:-}" = --install ] && [ ! -f "$tarball" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		linux-source-6.12 python3-yaml python3-jsonschema >&2
fi

if [ ! -f "$dir/.complete" ]; then
	[ -f "$tarball" ] || { echo "kernel-ynl: $tarball missing (apt-get install linux-source-6.12)" >&2; exit 1; }
	tmp=$(mktemp -d "${dir%/*}/.linux-ynl.XXXXXX" 2>/dev/null || { mkdir -p "${dir%/*}"; mktemp -d "${dir%/*}/.linux-ynl.XXXXXX"; })
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 \
		linux-source-6.12/Documentation/netlink linux-source-6.12/tools/net/ynl
	touch "$tmp/.complete"
	rm -rf "$dir"
	mv "$tmp" "$dir"
fi
echo "$dir"
