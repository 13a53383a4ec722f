package runtime

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// luaOracle returns the path of Debian's lua5.4, skipping the test when it is
// missing (failing instead in CI, where NLSH_REQUIRE_NETNS=1 and .ci/run
// installs it).
func luaOracle(tb testing.TB) string {
	tb.Helper()
	return nlsocktest.LookPath(tb, "lua5.4", "lua5.4")
}

// printedByBoth runs prog with Debian's lua5.4 and with nlsh (as chunk
// name) and returns the lines each printed.
func printedByBoth(t *testing.T, prog, name string) (lua54, nlsh []string) {
	t.Helper()
	cmd := exec.Command(luaOracle(t), "-")
	cmd.Stdin = strings.NewReader(prog)
	want, err := cmd.Output()
	if err != nil {
		t.Fatalf("lua5.4: %v", err)
	}
	var got, stderr bytes.Buffer
	s := New(Options{Stdout: &got, Stderr: &stderr})
	defer s.Close()
	if code, _ := s.RunString(prog, name); code != 0 {
		t.Fatalf("nlsh: exit %d: %s", code, stderr.String())
	}
	lines := func(out string) []string { return strings.Split(strings.TrimSuffix(out, "\n"), "\n") }
	return lines(string(want)), lines(got.String())
}

// packPrelude prints each expression's values (or its error, reduced to the
// reason so gopher-lua's and lua5.4's phrasing of the prefix do not matter)
// on one line. Numbers print with %.17g, strings as hex.
const packPrelude = `
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local function show(v)
  if type(v) == "number" then
    if v ~= v then return "nan" elseif v == 1/0 then return "inf" elseif v == -1/0 then return "-inf" end
    return string.format("%.17g", v)
  elseif type(v) == "string" then return "x" .. hex(v) end
  return tostring(v)
end
local function reason(m)
  m = tostring(m):gsub("^[^:]*:%d+: ", "")
  local n, why = m:match("^bad argument #(%d+) to .-%((.*)%)$")
  if n then return "arg " .. n .. ": " .. why end
  return m
end
function case(f)
  local r = {pcall(f)}
  if not r[1] then print("E " .. reason(r[2])) return end
  local out = {}
  for i = 2, #r do out[#out + 1] = show(r[i]) end
  print(table.concat(out, " "))
end
`

type packCase struct {
	expr string // a Lua expression list
}

// packCases builds the oracle table: every integer format with every byte
// order and a spread of values (overflows included), floats, strings,
// alignment, and malformed formats and data.
func packCases() []packCase {
	var cs []packCase
	add := func(format string, args string, unpack bool) {
		if args != "" {
			args = ", " + args
		}
		cs = append(cs, packCase{fmt.Sprintf("string.pack(%q%s)", format, args)})
		cs = append(cs, packCase{fmt.Sprintf("string.packsize(%q)", format)})
		if unpack {
			cs = append(cs, packCase{fmt.Sprintf("string.unpack(%q, string.pack(%q%s))", format, format, args)})
		}
	}
	ints := []string{"b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T"}
	for n := 1; n <= 16; n++ {
		ints = append(ints, fmt.Sprintf("i%d", n), fmt.Sprintf("I%d", n))
	}
	values := []string{"0", "1", "-1", "127", "-128", "128", "255", "256", "-129", "32767", "-32768",
		"65535", "65536", "2^31-1", "-2^31", "2^31", "2^32-1", "2^32", "2^40+5", "-2^40-5",
		"2^53", "-2^53", "2^62", "-2^63", "3.0", "'42'", "' 0x10 '"}
	for _, f := range ints {
		unsigned := f[0] == 'I' || f == "B" || f == "H" || f == "L" || f == "J" || f == "T"
		for _, order := range []string{"<", ">", "="} {
			for _, v := range values {
				// Lua 5.4 unpacks unsigned 8+-byte values as wrapped signed
				// integers; nlsh (floats) as themselves: compare packing only.
				negative := strings.HasPrefix(v, "-")
				add(order+f, v, !(unsigned && negative))
			}
		}
	}
	floats := []string{"0", "-0.0", "1", "1.5", "-2.25", "0.1", "1e300", "-1e300", "1/0", "-1/0",
		"2^-149", "2^-1074", "3.4028234663852886e38", "123456789", "'2.5'"}
	for _, f := range []string{"f", "d", "n"} {
		for _, order := range []string{"<", ">"} {
			for _, v := range floats {
				add(order+f, v, true)
			}
		}
	}
	strs := []struct{ f, v string }{
		{"z", "''"}, {"z", "'abc'"}, {"z", "'a\\0b'"}, {"z", "12"},
		{"s", "''"}, {"s", "'abc'"}, {">s2", "'abc'"}, {"<s1", "string.rep('x', 255)"},
		{"<s1", "string.rep('x', 256)"}, {"s4", "'\\0\\1\\2'"}, {">s3", "'xy'"}, {"s16", "'q'"},
		{"c0", "''"}, {"c1", "'a'"}, {"c5", "'abc'"}, {"c10", "'0123456789'"}, {"c2", "'abc'"},
		{"c3", "7"}, {"z", "{}"}, {"s", "nil"},
	}
	for _, s := range strs {
		add(s.f, s.v, true)
	}
	multi := []struct{ f, v string }{
		{"<i4 i4", "1, 2"}, {" < i2  > i2 ", "1, 1"}, {"!<b i4", "1, 2"}, {"!4 b i8", "1, 2"},
		{"!2 b h b i4", "1, 2, 3, 4"}, {"!8 b d", "1, 2.5"}, {"!<b Xi4 b", "1, 2"}, {"!b Xh b", "1, 2"},
		{"!4 i3 i4", "1, 2"}, {"!16 b i16", "1, 2"}, {"<b x h", "1, 2"}, {"<b xx xXi8 j", "1, 2"},
		{"!2 b Xi8 b", "1, 2"}, {"=I3 >I3 <I3", "1, 2, 3"}, {"!<z Xi4 i4", "'ab', 9"},
		{"<s1 z c2 B", "'ab', 'cd', 'ef', 255"}, {"!8 b s4 i8", "1, 'xyz', 3"}, {"<!4 h Xd", "1"},
		{"<i4", ""}, {"<i4 i4", "1"}, {"b", "1, 2, 3"},
	}
	for _, m := range multi {
		add(m.f, m.v, true)
	}
	bad := []string{"y", "i17", "i0", "I99", "!17", "!0", "c", "X", "Xc4", "Xz", "<X", "i4X",
		"s0", "s17", "!3 i4", "j3", "\\0", "%"}
	for _, f := range bad {
		add(f, "1", true)
	}
	for _, e := range []string{
		`string.packsize("s")`, `string.packsize("z")`, `string.packsize("!8 b d c3 Xi4")`,
		`string.packsize("c2147483647 c2")`, `string.packsize("c1000000000 c1000000000 c1000000000")`,
		`string.packsize(">!4 b i4 h")`, `string.packsize("")`, `string.packsize("i16 I16")`,
		`string.unpack("<i4", "\1\2")`, `string.unpack("b", "a", 3)`, `string.unpack("b", "a", 2)`,
		`string.unpack("b", "abc", -1)`, `string.unpack("b", "abc", -3)`, `string.unpack("b", "abc", -9)`,
		`string.unpack("b", "abc", 0)`, `string.unpack("z", "abc")`, `string.unpack("z z", "a\0b\0")`,
		`string.unpack("<i9", "\1\0\0\0\0\0\0\0\1")`, `string.unpack("<i9", "\255\255\255\255\255\255\255\255\255")`,
		`string.unpack("<i9", "\255\255\255\255\255\255\255\127\255")`, `string.unpack("<I9", "\1\0\0\0\0\0\0\0\0")`,
		`string.unpack(">i16", string.rep("\255", 16))`, `string.unpack("<i3", "\255\255\127")`,
		`string.unpack("<s2", "\5\0abc")`, `string.unpack("<s1 b", "\3abcd")`, `string.unpack("c2 c2", "abcd")`,
		`string.unpack("c5", "abcd")`, `string.unpack("!4 b i4", "\1\0\0\0\2\0\0\0")`,
		`string.unpack("!4 b i4", "\1\0\0\0\2\0")`, `string.unpack("<h", "\1\2\3\4", 3)`,
		`string.unpack("b", "")`, `string.unpack("", "abc", 2)`, `string.unpack("<d", string.pack("<d", 0/0)) ~= nil`,
		`string.pack("i", "x")`, `string.pack("i", 1.5)`, `string.pack("i")`, `string.pack("i", {})`,
		`string.pack("i", 2^63)`, `string.pack("j", -2^63)`, `string.pack("f", "x")`, `string.pack("d", nil)`,
		`string.pack()`, `string.unpack("b")`, `string.pack("c2", nil)`,
	} {
		cs = append(cs, packCase{e})
	}
	return cs
}

func packProgram(cs []packCase) string {
	var b strings.Builder
	b.WriteString(packPrelude)
	for _, c := range cs {
		fmt.Fprintf(&b, "case(function() return %s end)\n", c.expr)
	}
	return b.String()
}

// TestPackOracle runs the same expressions in nlsh and in Debian's lua5.4 and
// compares every result byte for byte (values, sizes, positions, and the
// reason of each error).
func TestPackOracle(t *testing.T) {
	cs := packCases()
	wl, gl := printedByBoth(t, packProgram(cs), "oracle")
	if len(wl) != len(cs) || len(gl) != len(cs) {
		t.Fatalf("got %d lines from nlsh and %d from lua5.4 for %d cases", len(gl), len(wl), len(cs))
	}
	fails := 0
	for i, c := range cs {
		if wl[i] != gl[i] {
			fails++
			if fails <= 40 {
				t.Errorf("%s\n  lua5.4: %s\n  nlsh:   %s", c.expr, wl[i], gl[i])
			}
		}
	}
	t.Logf("%d cases compared with lua5.4, %d differ", len(cs), fails)
}
