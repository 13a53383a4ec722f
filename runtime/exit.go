package runtime

import lua "github.com/yuin/gopher-lua"

// exitMessage is the error os.exit raises to start unwinding; runners never
// show it.
const exitMessage = "os.exit"

// osExit replaces os.exit([code]): true or nothing is 0, false is 1, a number
// is itself. It never ends the process; see requestExit.
func (s *State) osExit(L *lua.LState) int {
	code := 0
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
	case lua.LBool:
		if !v {
			code = 1
		}
	case lua.LNumber:
		code = int(v)
	default:
		L.ArgError(1, "number or boolean expected, got "+v.Type().String())
	}
	s.requestExit(code)
	L.RaiseError(exitMessage)
	return 0
}
