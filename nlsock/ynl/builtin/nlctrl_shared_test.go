package builtin

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// The nlctrl description is parsed once per process, though both
// nlsock/ynl (family lookups) and this package (names, operations) read it.
func TestNlctrlParsedOnce(t *testing.T) {
	lookups, err := ynl.NlctrlSpec()
	if err != nil {
		t.Fatal(err)
	}
	if names := MustSpec("nlctrl"); names != lookups {
		t.Error("builtin.Spec(\"nlctrl\") parsed the description again instead of sharing nlsock/ynl's parse")
	}
	if want := PathPrefix + "nlctrl"; lookups.Path != want {
		t.Errorf("Path = %q, want %q", lookups.Path, want)
	}
}
