package builtin

import (
	"strings"
	"testing"
)

// TestEveryDescriptionLoads: a description that does not compile would
// fail at a user's first use; here it fails the build's tests.
func TestEveryDescriptionLoads(t *testing.T) {
	names := Names()
	if len(names) == 0 {
		t.Fatal("no built-in descriptions embedded")
	}
	for _, n := range names {
		s, err := Spec(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if s.Name != n {
			t.Errorf("descriptions/%s.yaml names itself %q", n, s.Name)
		}
	}
}

func TestUnknownDescription(t *testing.T) {
	_, err := Spec("nosuch")
	if err == nil || !strings.Contains(err.Error(), "rt-netconf") {
		t.Fatalf("Spec(nosuch) = %v, want an error listing the known names", err)
	}
}
