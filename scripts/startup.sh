#!/bin/sh
# startup.sh — whole-process start-up of `nlsh -e ''` beside its floor (a Go
# binary that only creates a gopher-lua state and runs an empty chunk),
# `lua5.4 -e ''` and `python3 -c 'import pyroute2'`, measured in the same
# hyperfine run; prints the medians.
#
# Needs: go, hyperfine, lua5.4, python3-pyroute2 (apt-get install hyperfine
# lua5.4 python3-pyroute2). Run from anywhere: scripts/startup.sh [RUNS]
set -eu

runs=${1:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in go hyperfine lua5.4; do
	command -v "$tool" >/dev/null || { echo "startup.sh: $tool not found" >&2; exit 2; }
done
python=/usr/bin/python3 # Debian's, which has python3-pyroute2
[ -x "$python" ] || python=python3

# nlsh as `go build` makes it by default, and fully static (CGO_ENABLED=0:
# no dynamic loader; the net package, pulled in by readline and netlink, is
# otherwise linked against libc).
(cd "$root" && go build -o "$tmp/nlsh" ./cmd/nlsh)
(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/nlsh-static" ./cmd/nlsh)

# The floor: a bare Go + gopher-lua binary, same gopher-lua version.
mkdir "$tmp/floor"
cat >"$tmp/floor/main.go" <<'GO'
package main

import (
	"os"

	lua "github.com/yuin/gopher-lua"
)

func main() {
	L := lua.NewState()
	defer L.Close()
	if err := L.DoString(os.Args[len(os.Args)-1]); err != nil {
		os.Exit(1)
	}
}
GO
luaver=$(cd "$root" && go list -m -f '{{.Version}}' github.com/yuin/gopher-lua)
cp "$root/go.sum" "$tmp/floor/"
(cd "$tmp/floor" && printf 'module floor\n\ngo 1.22\n\nrequire github.com/yuin/gopher-lua %s\n' "$luaver" >go.mod &&
	GOFLAGS=-mod=mod go build -o "$tmp/floor-bin" . 2>/dev/null)

set -- "$tmp/floor-bin ''" "$tmp/nlsh -e ''" "$tmp/nlsh-static -e ''" "lua5.4 -e ''"
if "$python" -c 'import pyroute2' 2>/dev/null; then
	set -- "$@" "$python -c 'import pyroute2'"
else
	echo "startup.sh: python3-pyroute2 not installed; skipping it" >&2
fi

hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/out.json" "$@" >/dev/null 2>"$tmp/hyperfine.err" || { cat "$tmp/hyperfine.err" >&2; exit 1; }
"$python" - "$tmp/out.json" "$tmp" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
tmp = sys.argv[2] + "/"
floor = res[0]["median"]
print(f"{'command':<34} {'median':>9} {'x floor':>8}")
for r in res:
    name = r["command"].replace(tmp, "").replace("floor-bin", "go+gopher-lua floor")
    print(f"{name:<34} {r['median']*1000:>7.2f}ms {r['median']/floor:>7.2f}x")
PY
