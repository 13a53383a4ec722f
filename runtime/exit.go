//go:build linux

package runtime

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// exitMessage is the error os.exit raises to start unwinding; runners never
// show it.
const exitMessage = "os.exit"

// osExit replaces os.exit([code]): true or nothing is 0, false is 1, an
// integral number is itself (anything else is an argument error). It never
// ends the process; see requestExit.
func (s *State) osExit(L *lua.LState) int {
	code := 0
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
	case lua.LBool:
		if !v {
			code = 1
		}
	case lua.LNumber:
		// int(v) of 1e100 or NaN is whatever the CPU gives (0 on amd64):
		// the script asked for a failure status and would have got 0.
		f := float64(v)
		if f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
			L.ArgError(1, "number has no integer representation")
		}
		code = int(f)
	default:
		L.ArgError(1, "number or boolean expected, got "+v.Type().String())
	}
	s.requestExit(code)
	L.RaiseError(exitMessage)
	return 0
}
