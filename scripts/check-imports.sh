#!/usr/bin/env bash
# Fails when an import points the wrong way. The layers, outermost first:
#   cmd/nlsh -> runtime -> luabind -> nlsock
# A layer may import the layers below it, never above. gopher-lua never
# reaches nlsock (not even indirectly), and golang.org/x/sys/unix is
# imported directly only by packages under nlsock/ (tests included).
set -euo pipefail
cd "$(dirname "$0")/.."

mod=$(go list -m)
fail=0
complain() { echo "check-imports: $*" >&2; fail=1; }

layer() { # prints the layer number of an import path of this module, or nothing
	case "$1" in
	"$mod"/nlsock | "$mod"/nlsock/*) echo 1 ;;
	"$mod"/luabind | "$mod"/luabind/*) echo 2 ;;
	"$mod"/runtime | "$mod"/runtime/*) echo 3 ;;
	"$mod"/cmd/*) echo 4 ;;
	esac
}

fmt='{{.ImportPath}}|{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}|{{join .Deps " "}}'
while IFS='|' read -r pkg imports deps; do
	[ -n "$pkg" ] || continue
	own=$(layer "$pkg")
	for imp in $imports; do
		case "$imp" in
		golang.org/x/sys/unix | golang.org/x/sys/unix/*)
			[ "$own" = 1 ] || complain "$pkg imports $imp (x/sys/unix belongs in nlsock only; add an nlsock helper)"
			;;
		esac
		dep=$(layer "$imp")
		if [ -n "$own" ] && [ -n "$dep" ] && [ "$dep" -gt "$own" ]; then
			complain "$pkg imports $imp (imports go cmd -> runtime -> luabind -> nlsock, never back)"
		fi
	done
	if [ "$own" = 1 ]; then
		for d in $deps $imports; do
			case "$d" in
			github.com/yuin/gopher-lua | github.com/yuin/gopher-lua/*)
				complain "$pkg depends on $d (nlsock must stay free of Lua)"
				break
				;;
			esac
		done
	fi
done < <(go list -e -f "$fmt" ./...)

if [ "$fail" = 0 ]; then
	echo "check-imports: ok (cmd -> runtime -> luabind -> nlsock; x/sys/unix only in nlsock; no Lua in nlsock)"
fi
exit "$fail"
