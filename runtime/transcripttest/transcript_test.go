package transcripttest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	cases, err := Parse(`# comment
=== arithmetic
> 1+1
2
[exit] 0
$ nlsh -e 'print("a b")' x
[stdin]
in
[stdout]
out
[stderr]
err
[exit] 3
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []*Case{
		{Name: "arithmetic", Line: 2, Stdout: "> 1+1\n2\n"},
		{Name: `nlsh -e 'print("a b")' x`, Args: []string{"-e", `print("a b")`, "x"}, Line: 6,
			Stdin: "in\n", Stdout: "out\n", Stderr: "err\n", HasStderr: true, Exit: 3},
	}
	if diff := cmp.Diff(want, cases); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1+1"}, cases[0].Inputs()); diff != "" {
		t.Errorf("Inputs (-want +got):\n%s", diff)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name      string
		want, got string
		ok        bool
	}{
		{"equal", "a\nb\n", "a\nb\n", true},
		{"differ", "a\n", "b\n", false},
		{"ellipsis many", "a\n...\nd\n", "a\nb\nc\nd\n", true},
		{"ellipsis none", "a\n...\nd\n", "a\nd\n", true},
		{"ellipsis end", "a\n...\n", "a\nb\n", true},
		{"missing", "a\nb\n", "a\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.want, tt.got); got != tt.ok {
				t.Errorf("Match(%q, %q) = %v, want %v", tt.want, tt.got, got, tt.ok)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	got, err := Split(`nlsh -e 'a b' "c \"d\"" e\ f`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"nlsh", "-e", "a b", `c "d"`, "e f"}, got); diff != "" {
		t.Errorf("Split (-want +got):\n%s", diff)
	}
}
