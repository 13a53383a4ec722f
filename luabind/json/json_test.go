package json

import (
	"math"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

func TestJSONErrorsNameWhere(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	tests := []struct{ name, code, want string }{
		{"offset of a bad token", `json.decode('{"a": [1, 2,, 3]}')`, "json.decode: unexpected ',', a value expected at byte offset 12"},
		{"offset in a string", `json.decode('["ok", "bad \\q"]')`, `invalid escape "\\q" at byte offset 12`},
		{"raw control character", "json.decode('\"a\\1\"')", "control character 0x01 in a string (write it as \\u0001) at byte offset 2"},
		{"invalid UTF-8", "json.decode('\"\\255\"')", "invalid UTF-8 at byte offset 1"},
		{"trailing data", `json.decode('[1] x')`, "extra data after the value at byte offset 4"},
		{"empty input", `json.decode('')`, "unexpected end of input, a value expected at byte offset 0"},
		{"unterminated", `json.decode('{"a": "b')`, "unterminated string at byte offset 8"},
		{"too deep", `json.decode(string.rep("[", 10001))`, "nesting deeper than 10000 at byte offset 10000"},
		{"not a string", `json.decode(5)`, "bad argument #1 to json.decode (string expected, got number)"},
		{"NaN deep inside", `json.encode({links = {{name = "a"}, {mtu = 0/0}}})`, "json.encode: NaN is not valid JSON at $.links[2].mtu"},
		{"odd key path", `json.encode({["a b"] = {1/0}})`, `json.encode: inf is not valid JSON at $["a b"][1]`},
		{"cycle", `local t = {x = {}} t.x.y = t json.encode(t)`, "json.encode: cycle: the table contains itself at $.x.y"},
		{"function", `json.encode({f = print})`, "json.encode: cannot encode a function at $.f"},
		{"boolean key", `json.encode({[true] = 1})`, "json.encode: a boolean key cannot be a JSON object key at $"},
		{"same key twice", `json.encode({[1] = 1, ["1"] = 2, x = 3})`, `the keys "1" and 1 are the same JSON key at $`},
		{"socket", `json.encode({s = netlink.open("route")})`, "json.encode: cannot encode a socket at $.s"},
		{"bad binary option", `json.encode("x", {binary = "b32"})`, `bad argument #2 to json.encode (binary must be "hex" or "base64", got b32)`},
		{"bad indent", `json.encode("x", {indent = true})`, "indent must be a number of spaces or a string, got boolean"},
		{"unknown option", `json.encode("x", {indnet = 2})`, "bad argument #2 to json.encode (unknown field indnet (known: indent, binary, ascii))"},
		{"ascii not a boolean", `json.encode("x", {ascii = "no"})`, "bad argument #2 to json.encode (field 'ascii' must be a boolean, got string)"},
		{"exact ints and numbers do not compare", `return json.decode("9007199254740993") < 1`, "attempt to compare userdata with number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { luabindtest.WantError(t, L, tt.code, tt.want) })
	}
}

func TestJSONValues(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	luabindtest.MustRun(t, L, `
		local function check(got, want) assert(got == want, "got " .. tostring(got) .. ", want " .. tostring(want)) end
		check(json.encode(nil), "null")
		check(json.encode({}), "[]")
		check(json.encode(json.decode("{}")), "{}")
		check(json.encode({b = 1, a = {true, false}, c = json.null}), '{"a":[true,false],"b":1,"c":null}')
		check(json.encode({1, 2, nil, 4}), '{"1":1,"2":2,"4":4}')
		check(json.encode("\0\255"), '"00ff"')
		check(json.encode("\0\255", {binary = "base64"}), '"AP8="')
		check(json.encode("\0ok"), '"\\u0000ok"')
		check(json.encode({a = {1}}, {indent = 2}), '{\n  "a": [\n    1\n  ]\n}')
		check(json.encode({a = {}}, {indent = "\t"}), '{\n\t"a": []\n}')
		check(json.encode(2^63), "9223372036854775808")
		check(json.encode(-0.0), "-0.0")
		check(json.encode(0.1), "0.1")
		local big = json.decode("18446744073709551615")
		check(tostring(big), "18446744073709551615")
		check(tostring(big - json.decode("18446744073709551614")), "1")
		check(type(big - json.decode("18446744073709551614")), "number")
		check(tostring(-big), "-18446744073709551615")
		check(big == json.decode("18446744073709551615"), true)
		check(json.decode("9007199254740993") < big, true)
		check("n=" .. big, "n=18446744073709551615")
		check(big / 2, 2^63)
		check(json.decode("[1, null]")[2], json.null)
		check(tostring(json.null), "null")
		check(json.decode('"\\ud83d\\ude00"'), "\240\159\152\128")
		check(select("#", json.decode("[]")), 1)
	`)
}

// FuzzJSONDecode: any bytes decode or fail with an error, never a panic; what
// decodes and encodes reads back to the same text.
func FuzzJSONDecode(f *testing.F) {
	for _, s := range jsonCorpus() {
		f.Add(s)
	}
	L, _ := newState(f, nlsock.Host())
	f.Fuzz(func(t *testing.T, s string) {
		v, err := DecodeJSON(L, s)
		if err != nil {
			return
		}
		text, err := EncodeJSON(L, v, JSONOptions{})
		if err != nil {
			return // inf from 1e400
		}
		v2, err := DecodeJSON(L, text)
		if err != nil {
			t.Fatalf("%q encodes as %q, which does not decode: %v", s, text, err)
		}
		if again, _ := EncodeJSON(L, v2, JSONOptions{}); again != text {
			t.Fatalf("%q: %q, then %q", s, text, again)
		}
	})
}

// TestExactIntegers: a value becomes an nlsh.int only when a float64 cannot
// hold it.
func TestExactIntegers(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	tests := []struct {
		name string
		v    lua.LValue
		want string
		box  bool
	}{
		{"2^53", luabind.ExactUint(L, 1<<53), "9007199254740992", false},
		{"2^53+1", luabind.ExactUint(L, 1<<53+1), "9007199254740993", true},
		{"2^63 is a float64", luabind.ExactUint(L, 1<<63), "9223372036854775808", false},
		{"2^64-1", luabind.ExactUint(L, math.MaxUint64), "18446744073709551615", true},
		{"-2^53", luabind.ExactInt64(L, -(1 << 53)), "-9007199254740992", false},
		{"-2^53-1", luabind.ExactInt64(L, -(1<<53)-1), "-9007199254740993", true},
		{"min int64", luabind.ExactInt64(L, math.MinInt64), "-9223372036854775808", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, box := tt.v.(*lua.LUserData)
			got, err := EncodeJSON(L, tt.v, JSONOptions{})
			if err != nil || got != tt.want || box != tt.box {
				t.Errorf("%s: %q, %v (an nlsh.int: %v); want %q (an nlsh.int: %v)", tt.name, got, err, box, tt.want, tt.box)
			}
		})
	}
}

// newState is a fresh Lua state with netlink, netns and this package's module open.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns}, Module)
}
