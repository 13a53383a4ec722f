package main

import (
	"strings"
	"testing"
)

// TestVerdict feeds go test -json lines to the report: a failure, a skip
// off the allow-list, a failed build and an empty run are each red.
func TestVerdict(t *testing.T) {
	const pass = `{"Action":"pass","Package":"p","Test":"TestA"}` + "\n"
	tests := []struct {
		name  string
		json  string
		green bool
		says  string
	}{
		{"pass", pass, true, "1 passed, 0 failed, 0 skipped"},
		{"fail", pass + `{"Action":"output","Package":"p","Test":"TestB","Output":"b_test.go:3: boom\n"}
{"Action":"fail","Package":"p","Test":"TestB"}`, false, "--- FAIL: p TestB\nb_test.go:3: boom"},
		{"unlisted skip", pass + `{"Action":"output","Package":"p","Test":"TestNft","Output":"    x_test.go:9: nft not installed\n"}
{"Action":"skip","Package":"p","Test":"TestNft"}`, false, "SKIP p TestNft: x_test.go:9: nft not installed [NOT ALLOWED"},
		{"allowed skip", pass + `{"Action":"skip","Package":"p","Test":"TestSuiteTiming"}`, true, "skips: 1 (0 not on the allow-list)"},
		{"build failure", pass + `{"Action":"build-fail","Package":"q"}`, false, "package failed: q"},
		{"no test", `{"Action":"output","Package":"p","Output":"?   \tp\t[no test files]\n"}`, false, "0 passed, 0 failed, 0 skipped"},
		{"unfinished", pass + `{"Action":"run","Package":"p","Test":"TestHang"}`, false, "--- DID NOT FINISH: p TestHang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := read(strings.NewReader(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			if green := r.print(&out); green != tt.green || !strings.Contains(out.String(), tt.says) {
				t.Errorf("green = %v, want %v; output lacks %q:\n%s", green, tt.green, tt.says, out.String())
			}
		})
	}
}
