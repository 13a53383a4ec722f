#!/usr/bin/env bash
# Fails when an import points the wrong way. The layers, outermost first:
#   cmd/nlsh -> runtime -> luabind -> nlsock
# A layer may import the layers below it, never above. gopher-lua never
# reaches nlsock (not even indirectly), and golang.org/x/sys/unix is
# imported directly only by packages under nlsock/ (tests included).
# Inside luabind: the host package (luabind) imports none of the module
# packages (luabind/rtnl, luabind/ynl, ...), a module package's code imports
# no other module package (only luabind/mods imports them all), and
# luabind/luabindtest imports no module package, so every module's tests can
# use it.
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

while IFS='|' read -r pkg imports tests; do
	case "$pkg" in
	"$mod"/luabind) own=host ;;
	"$mod"/luabind/mods) continue ;;
	"$mod"/luabind/luabindtest)
		for imp in $imports $tests; do
			case "$imp" in "$mod"/luabind/*) complain "$pkg imports $imp (every module's tests import luabindtest)" ;; esac
		done
		continue
		;;
	"$mod"/luabind/*) own=module ;;
	*) continue ;;
	esac
	for imp in $imports; do
		case "$imp" in
		"$mod"/luabind/luabindtest) ;;
		"$mod"/luabind/*) complain "$pkg imports $imp (a Lua module package stands alone; only luabind/mods imports the modules)" ;;
		esac
	done
done < <(go list -e -f '{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}}' ./luabind/...)

if [ "$fail" = 0 ]; then
	echo "check-imports: ok (cmd -> runtime -> luabind -> nlsock; luabind's module packages stand alone; x/sys/unix only in nlsock; no Lua in nlsock)"
fi
exit "$fail"
