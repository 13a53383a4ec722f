package help_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/runtime/help"
)

// TestParseRejects: a reference that breaks the layout is refused with the
// line and what is wrong, so a careless edit cannot hide entries.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"section kind", "# r\n## modul rtnl\n", "line 2: want '## module NAME'"},
		{"entry before a section", "# r\n### rtnl.links()\n", "line 2: an entry before the first section"},
		{"entry of another section", "# r\n## module rtnl\nx\n### genl.family()\n", "line 4: entry \"genl.family()\": each name must be rtnl.NAME"},
		{"twice", "# r\n## module rtnl\nx\n### rtnl.links()\n### rtnl.links(s)\n", "line 5: rtnl.links is documented again (first on line 4)"},
		{"a second section", "# r\n## module rtnl\n## object rtnl\n", "line 3: a second section"},
		{"deeper heading", "# r\n## module rtnl\n#### x\n", "line 3: only '## ' sections"},
	}
	for _, tt := range tests {
		_, err := help.Parse(tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse gave %v; want %q", tt.name, err, tt.want)
		}
	}
	r, err := help.Parse("# r\nabout\n## object link\nA link.\n### link.stats (lazy)\nCounters.\n### rtnl.A, rtnl.B\n")
	if err == nil {
		t.Fatalf("an entry of another section parsed: %+v", r)
	}
	r, err = help.Parse("# r\nabout\n## object link\nA link.\n### link.stats (lazy)\nCounters.\n")
	if err != nil || r.Preamble != "about" || r.Sections[0].Intro != "A link." ||
		!r.Sections[0].Entries[0].Lazy || r.Sections[0].Entries[0].Text != "Counters." {
		t.Errorf("Parse: %v %+v", err, r)
	}
}
