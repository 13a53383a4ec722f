package runtime

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	lua "github.com/yuin/gopher-lua"
)

// fakeNetlink stands in for luabind's module: a table of functions and a
// socket userdata whose methods live in its metatable's __index.
func fakeNetlink(L *lua.LState) func() {
	fn := L.NewFunction(func(L *lua.LState) int { return 0 })
	nl := L.NewTable()
	nl.RawSetString("open", fn)
	nl.RawSetString("once", lua.LNumber(1))
	nl.RawSetString("ROUTE", lua.LNumber(0))
	L.SetGlobal("netlink", nl)
	mt := L.NewTypeMetatable("nlsh.socket")
	methods := L.NewTable()
	for _, m := range []string{"join", "leave", "seq", "recv"} {
		methods.RawSetString(m, fn)
	}
	methods.RawSetString("notafunc", lua.LNumber(1))
	mt.RawSetString("__index", methods)
	ud := L.NewUserData()
	L.SetMetatable(ud, mt)
	L.SetGlobal("s", ud)
	L.SetGlobal("str", lua.LString("text"))
	return func() {}
}

func TestComplete(t *testing.T) {
	s := New(Options{Modules: fakeNetlink})
	defer s.Close()
	tests := []completion{
		{"netlink.op", []string{"open"}, 2},
		{"x = netlink.o", []string{"once", "open"}, 1},
		{"s:jo", []string{"join("}, 2},
		{"s:", []string{"join(", "leave(", "recv(", "seq("}, 0},
		{"string.for", []string{"format"}, 3},
		{"str:up", []string{"upper("}, 2},
		{"pri", []string{"print"}, 3},
		{"wh", []string{"while"}, 2},
		{`netlink.open("ro`, []string{`route"`}, 2},
		{`netlink.open('gen`, []string{`generic'`}, 3},
		{"nosuch.x", nil, 0},
		{"netlink.ROUTE.x", nil, 1},
		// inside a string or a comment no name is being typed
		{`x = f("net`, nil, 0},
		{`x = 'a.b net`, nil, 0},
		{`x = "q\"" .. 'it''s' .. "pr`, nil, 0},
		{`x = "done" .. pri`, []string{"print"}, 3},
		{`x = 1 -- netlink.op`, nil, 0},
		{`x = [[netlink.op`, nil, 0},
		{`x = [==[a]]b]==] .. netlink.op`, []string{"open"}, 2},
		{`t[1] = netlink.op`, []string{"open"}, 2},
		{`x = 5 - netlink.op`, []string{"open"}, 2},
	}
	checkCompletions(t, s, tests)
}

// completion is a line typed so far, the candidates Complete must offer
// and how many bytes before the cursor they replace.
type completion struct {
	line  string
	want  []string
	wantN int
}

func checkCompletions(t *testing.T, s *State, tests []completion) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, n := s.Complete(tt.line)
			if diff := cmp.Diff(tt.want, got); diff != "" || n != tt.wantN {
				t.Errorf("Complete(%q) n=%d want %d (-want +got):\n%s", tt.line, n, tt.wantN, diff)
			}
		})
	}
}

func TestCompleterSuffixes(t *testing.T) {
	s := New(Options{Modules: fakeNetlink})
	defer s.Close()
	got, n := completer{s}.Do([]rune("netlink.op"), len("netlink.op"))
	if n != 2 || len(got) != 1 || string(got[0]) != "en" {
		t.Errorf("Do = %q, %d; want [en], 2", got, n)
	}
}

// TestCompleteLuabind completes against the real netlink module: module
// fields, methods of a socket (an unprivileged route socket), protocol names.
func TestCompleteLuabind(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	if code, _ := s.RunString(`sock = assert(netlink.open("route"))`, "t"); code != 0 {
		t.Fatalf("netlink.open failed")
	}
	tests := []struct {
		line string
		want []string
	}{
		{"netlink.op", []string{"open"}},
		{"sock:jo", []string{"join("}},
		{"sock:se", []string{"send(", "seq(", "set_rcvbuf("}},
		{`netlink.open("ro`, []string{`route"`}},
		{`netlink.open("sock_`, []string{`sock_diag"`}},
		{"netn", []string{"netns"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, _ := s.Complete(tt.line)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Complete(%q) (-want +got):\n%s", tt.line, diff)
			}
		})
	}
	if n := s.Sockets(); n != 1 {
		t.Errorf("Sockets() = %d, want 1", n)
	}
}

func TestHistoryEntries(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"one line", []string{"x = 1"}, []string{"x = 1"}},
		{"joined", []string{"for i=1,2 do", "  print(i)", "end"}, []string{"for i=1,2 do print(i) end"}},
		{"comment dropped", []string{"f(1, -- one", "2)"}, []string{"f(1, 2)"}},
		{"comment in a string kept", []string{"f('a -- b',", "  \"[[x]]\")"}, []string{"f('a -- b', \"[[x]]\")"}},
		{"long comment dropped", []string{"x = 1 --[[ a", "b ]] + 2"}, []string{"x = 1  + 2"}},
		{"long string quoted", []string{"s = [==[", "a\"b", "]]\\1]==]"}, []string{`s = "a\"b\n]]\\1"`}},
		{"control character in a long string", []string{"s = [[\t1", "]]"}, []string{`s = "\0091\n"`}},
		{"backslash newline in a quoted string", []string{"s = 'a\\", "b'"}, []string{`s = 'a\nb'`}},
		{"unterminated string keeps lines", []string{"s = 'a", "b'"}, []string{"s = 'a", "b'"}},
		{"unterminated long string keeps lines", []string{"s = [[a", "b"}, []string{"s = [[a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, historyEntries(tt.lines)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestJoinedChunkMeansTheSame runs multi-line chunks as typed and as the
// history line joinChunk makes of them: both return the same value.
func TestJoinedChunkMeansTheSame(t *testing.T) {
	chunks := []string{
		"local s = [[\nline one\n\tline \"two\" \\ ]]\nreturn s .. 'x' -- a comment with 'quotes\n",
		"local t = {} --[==[ long\ncomment ]==]\nfor i = 1, 3 do\n  t[#t + 1] = i * 2 -- double\nend\nreturn table.concat(t, ',')",
		"return 'a\\\nb' .. [[\n\n]] .. \"--not a comment\"",
		"local x = [=[]]\n\0011]=]\nreturn x .. #x",
	}
	for _, src := range chunks {
		joined, ok := joinChunk(src)
		if !ok || strings.Contains(joined, "\n") {
			t.Fatalf("joinChunk(%q) = %q, %v", src, joined, ok)
		}
		run := func(code string) string {
			L := lua.NewState()
			defer L.Close()
			if err := L.DoString(code); err != nil {
				t.Fatalf("%q: %v", code, err)
			}
			return L.Get(-1).String()
		}
		if a, b := run(src), run(joined); a != b {
			t.Errorf("%q returns %q; joined as %q it returns %q", src, a, joined, b)
		}
	}
}

// FuzzJoinChunk: a chunk that compiles still compiles joined into one line
// (and has no line break left).
func FuzzJoinChunk(f *testing.F) {
	for _, s := range []string{
		"for i = 1, 2 do\n  print(i) -- c\nend", "s = [[\na]] t = [==[b]]==]", "x = 'a\\\nb' --[[ c\n]] y = 1",
		"f(\n[[\n]]\n, \"--\\\"\")", "a = 1 --[==[\n]] ]==] b = 2", "return [=[x]]=]", "x = \"\\\\\" -- y\nz = 1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		L := lua.NewState()
		defer L.Close()
		if _, err := L.LoadString(src); err != nil {
			return
		}
		joined, ok := joinChunk(src)
		if !ok {
			t.Fatalf("%q compiles but cannot be joined", src)
		}
		if strings.ContainsAny(joined, "\n") {
			t.Fatalf("%q joined keeps a line break: %q", src, joined)
		}
		if _, err := L.LoadString(joined); err != nil {
			t.Fatalf("%q compiles, joined as %q it does not: %v", src, joined, err)
		}
	})
}
