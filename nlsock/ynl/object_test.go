package ynl

import (
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestAppendJSONAgreesWithPython: the CLI prints with Python's json.dumps;
// `nlsh ynl --output-json` must print the same text for the same values.
func TestAppendJSONAgreesWithPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		nlsocktest.Skip(t, "python3 not installed")
	}
	obj := NewObject()
	obj.Set("z-first", uint64(math.MaxUint64))
	obj.Set("neg", int64(math.MinInt64))
	obj.Set("2^53+1", uint64(1<<53+1))
	obj.Set("text", "é\"\\\n\t\x01\x7f漢🙂")
	obj.Set("bytes", []byte{0, 0xab, 0xff})
	obj.Set("list", []any{true, nil, "a", Attrs{"b": uint64(1), "a": int64(-1)}})
	got, err := AppendJSON(nil, obj)
	if err != nil {
		t.Fatal(err)
	}
	const script = `import json
print(json.dumps({"z-first": 2**64-1, "neg": -2**63, "2^53+1": 2**53+1,
  "text": "\u00e9\"\\\n\t\x01\x7f\u6f22\U0001F642", "bytes": "00abff",
  "list": [True, None, "a", {"a": -1, "b": 1}]}))`
	want, err := exec.Command(py, "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != strings.TrimSpace(string(want)) {
		t.Errorf("ours   %s\npython %s", got, want)
	}
	if _, err := AppendJSON(nil, math.NaN()); err == nil {
		t.Error("NaN encoded, want an error")
	}
}
