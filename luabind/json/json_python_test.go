package json

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// python3 runs a Python program with input on stdin and returns its output,
// skipping the test without python3 (failing it where tools are required).
func python3(t *testing.T, program, input string) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if nlsocktest.Required() {
			t.Fatalf("python3 is needed as the JSON oracle: %v", err)
		}
		nlsocktest.Skip(t, "python3 is not installed")
	}
	cmd := exec.Command(py, "-c", program)
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	return string(out)
}

// jsonCorpus are JSON texts that trip decoders: escapes, surrogate pairs,
// integers beyond 2^53, big exponents, deep nesting, and invalid ones.
func jsonCorpus() []string {
	deep := strings.Repeat("[", 500) + "1" + strings.Repeat("]", 500)
	return []string{
		`"plain"`, `"\u0000\u0001\u001f\u007f \" \\ \/ \b\f\n\r\t"`,
		`"h\u00e9llo w\u00f6rld \u20ac"`, `"\ud83d\ude00 and \uD834\uDD1E"`, `"raw UTF-8: é€😀 \u2028\u2029"`,
		`9007199254740993`, `-9007199254740993`, `9007199254740992`, `18446744073709551615`,
		`999999999999999`, `-999999999999999`, `1000000000000000`, `-1000000000000001`,
		`123456789012345678901234567890`, `-0`, `0`, `1.0`, `-0.0`, `0.1`, `1e300`, `1.5E+300`,
		`5e-324`, `1e-400`, `2.5e-7`, `1e21`, `123e18`,
		`[]`, `{}`, `[[], {}, [{}]]`, `{"b": 1, "a": [true, false, null], "": "empty key"}`,
		`{"é": 1, "e": 2, "\u00e9\u0301": 3, "Z": 4, "a b": 5}`, `[1, null, 3]`, `{"x": {"y": {"z": []}}}`,
		` { "spaces" :	[ 1 ,2 ] } `, deep,
		// invalid for nlsh (NaN and Infinity, a lone surrogate: see README)
		`NaN`, `[Infinity]`, `-Infinity`, `1e400`, `[-1e400]`, `"\ud800"`,
		// invalid for both
		`[1,]`, `{"a" 1}`, `01`, `1.`, `.5`, `"tab	inside"`, `"\x"`, `[1] 2`, ``, `{"a":1,}`, `tru`, `"\u12"`,
	}
}

// TestJSONDecodeAgreesWithPython decodes each corpus text with nlsh and
// encodes it again; Python must read nlsh's text back as the value it reads
// from the original, and (for texts without fractions) produce the same
// bytes with sort_keys and ensure_ascii. Where Python cannot round-trip a
// text (it reads NaN or 1e400 but json.dumps(allow_nan=False) refuses the
// result), nlsh must refuse it too.
func TestJSONDecodeAgreesWithPython(t *testing.T) {
	L, _ := newState(t, nlsock.Host()) // no kernel needed: json only
	type pair struct {
		Text string `json:"text"`
		Nlsh string `json:"nlsh"`
		Err  string `json:"err"`
	}
	var pairs []pair
	for _, text := range jsonCorpus() {
		p := pair{Text: text}
		v, err := DecodeJSON(L, text)
		if err == nil {
			p.Nlsh, err = EncodeJSON(L, v, JSONOptions{ASCII: true})
		}
		if err != nil {
			p.Err = err.Error()
		}
		pairs = append(pairs, p)
	}
	in, _ := json.Marshal(pairs)
	out := python3(t, `
import json, sys
for p in json.load(sys.stdin):
    try:
        want = json.loads(p["text"])
        canon = json.dumps(want, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (ValueError, RecursionError) as e:
        print(json.dumps({"refused": str(e)}))
        continue
    r = {"canon": canon}
    if p["nlsh"] or not p["err"]:
        r["same_value"] = json.loads(p["nlsh"]) == want
    print(json.dumps(r))
`, string(in))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(pairs) {
		t.Fatalf("python answered %d lines for %d texts:\n%s", len(lines), len(pairs), out)
	}
	for i, line := range lines {
		var py struct {
			Refused   *string
			Canon     string
			SameValue *bool `json:"same_value"`
		}
		json.Unmarshal([]byte(line), &py)
		p := pairs[i]
		switch {
		case p.Text == `"\ud800"`: // Python keeps a lone surrogate; UTF-8 cannot
			if !strings.Contains(p.Err, "lone UTF-16 surrogate \\ud800") || !strings.HasSuffix(p.Err, "at byte offset 1") {
				t.Errorf("%s: nlsh gave %q, %q; want a lone surrogate error", p.Text, p.Nlsh, p.Err)
			}
		case py.Refused != nil:
			if p.Err == "" {
				t.Errorf("%.40s: Python refuses (%s), nlsh gave %s", p.Text, *py.Refused, p.Nlsh)
			}
		case p.Err != "":
			t.Errorf("%.40s: nlsh refused (%s), Python reads it as %.60s", p.Text, p.Err, py.Canon)
		case py.SameValue == nil || !*py.SameValue:
			t.Errorf("%.40s: Python reads nlsh's %.60s as another value than %.60s", p.Text, p.Nlsh, py.Canon)
		case !strings.ContainsAny(p.Text, ".eE") && p.Nlsh != py.Canon:
			t.Errorf("%.40s: nlsh wrote\n  %s\nPython writes\n  %s", p.Text, p.Nlsh, py.Canon)
		}
	}
}

// TestJSONEncodeAgreesWithPython encodes Lua values with nlsh and checks
// that Python reads each as the value built the same way in Python, and
// that both refuse NaN and the infinities.
func TestJSONEncodeAgreesWithPython(t *testing.T) {
	L, _ := newState(t, nlsock.Host()) // no kernel needed: json only
	luabindtest.MustRun(t, L, `
		local ctl = {}
		for i = 0, 127 do ctl[#ctl + 1] = string.char(i) end
		local deep = {}
		local d = deep
		for i = 1, 400 do d[1] = {} d = d[1] end
		cases = {
			{"controls", table.concat(ctl)},
			{"unicode", "h\195\169llo \226\130\172 \240\159\152\128 \240\157\132\158 \226\128\168"},
			{"2^53+1", json.decode("9007199254740993")},
			{"-2^63", json.decode("-9223372036854775808")},
			{"2^53", 2^53}, {"-2^53", -2^53}, {"2^64", 2^64}, {"0.1", 0.1}, {"1e300", 1e300},
			{"5e-324", 5e-324}, {"1e21", 1e21}, {"1e20", 1e20}, {"-0.5", -0.5},
			{"mixed", {10, 20, name = "x", [3.5] = "three and a half"}},
			{"sparse", {[1] = "a", [3] = "c"}},
			{"empties", {{}, json.object(), {json.null}}},
			{"keys", {["é"] = 1, e = 2, Z = 3, ["a b"] = 4, [""] = 5}},
			{"deep", deep},
		}
		texts = {}
		for i, c in ipairs(cases) do texts[i] = json.encode(c[2]) end
		refused = {}
		for i, v in ipairs({0/0, 1/0, -1/0, {a = {1, 0/0}}}) do
			local ok, err = pcall(json.encode, v)
			refused[i] = not ok and err or "accepted"
		end
	`)
	cases := L.GetGlobal("cases").(*lua.LTable)
	texts := L.GetGlobal("texts").(*lua.LTable)
	var in []string
	for i := 1; i <= texts.Len(); i++ {
		name := cases.RawGetInt(i).(*lua.LTable).RawGetInt(1).String()
		b, _ := json.Marshal([]string{name, texts.RawGetInt(i).String()})
		in = append(in, string(b))
	}
	out := python3(t, `
import json, sys
deep = []
d = deep
for i in range(400):
    d.append([]); d = d[0]
want = {
    "controls": "".join(chr(i) for i in range(128)),
    "unicode": "h\u00e9llo \u20ac \U0001F600 \U0001D11E \u2028",
    "2^53+1": 2**53 + 1, "-2^63": -2**63, "2^53": 2**53, "-2^53": -2**53, "2^64": 2**64,
    "0.1": 0.1, "1e300": 1e300, "5e-324": 5e-324, "1e21": 1e21, "1e20": 10**20, "-0.5": -0.5,
    "mixed": {"1": 10, "2": 20, "name": "x", "3.5": "three and a half"},
    "sparse": {"1": "a", "3": "c"},
    "empties": [[], {}, [None]],
    "keys": {"\u00e9": 1, "e": 2, "Z": 3, "a b": 4, "": 5},
    "deep": deep,
}
for line in sys.stdin:
    name, text = json.loads(line)
    got = json.loads(text)
    ok = got == want[name] and type(got) == type(want[name])
    if name in ("2^53+1", "-2^63", "2^53", "2^64", "1e20"):
        ok = ok and isinstance(got, int)
    print(name, "ok" if ok else "MISMATCH %r" % (got,))
for v in (float("nan"), float("inf"), float("-inf"), {"a": [1, float("nan")]}):
    try:
        json.dumps(v, allow_nan=False)
        print("python accepts", v)
    except ValueError:
        print("refused")
`, strings.Join(in, "\n")+"\n")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(line, " ok") && line != "refused" {
			t.Errorf("python: %s", line)
		}
	}
	if n := strings.Count(out, "\n"); n != texts.Len()+4 {
		t.Errorf("python answered %d lines, want %d:\n%s", n, texts.Len()+4, out)
	}
	want := []string{"NaN is not valid JSON at $", "inf is not valid JSON at $", "-inf is not valid JSON at $", "NaN is not valid JSON at $.a[2]"}
	refused := L.GetGlobal("refused").(*lua.LTable)
	for i, w := range want {
		if got := refused.RawGetInt(i + 1).String(); !strings.HasSuffix(got, "json.encode: "+w) {
			t.Errorf("json.encode of value %d: %q, want an error ending %q", i+1, got, w)
		}
	}
}

// TestJSONReadsWhatPythonWrites: Python's json.dumps of tricky values (with
// sort_keys, compact, ensure_ascii), decoded by nlsh and encoded again with
// ascii=true, comes out byte for byte the same.
func TestJSONReadsWhatPythonWrites(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	out := python3(t, `
import json
d = []
for i in range(300):
    d = [d]
values = [
    "".join(chr(i) for i in range(160)), "h\u00e9llo \u20ac \U0001F600 \U0001D11E \u2028 \ufeff",
    2**53 + 1, -2**63, 2**64 - 1, 10**30, 0.1, 1e300, 5e-324, 1e21, -0.5, 1.5e-7,
    {"\u00e9": 1, "e": [True, False, None], "Z": {"": {}}, "a b": []}, d,
]
for v in values:
    print(json.dumps(v, sort_keys=True, separators=(",", ":")))
`, "")
	for _, text := range strings.Split(strings.TrimSpace(out), "\n") {
		v, err := DecodeJSON(L, text)
		if err != nil {
			t.Errorf("%.60s: %v", text, err)
			continue
		}
		if got, err := EncodeJSON(L, v, JSONOptions{ASCII: true}); got != text || err != nil {
			t.Errorf("Python wrote\n  %.200s\nnlsh writes\n  %.200s (%v)", text, got, err)
		}
	}
}
