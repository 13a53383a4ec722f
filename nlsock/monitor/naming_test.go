package monitor_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// The JSON lines name fields as the Lua objects do: ifindex for the
// interface (index and oif kept as older names), table as a number with
// table_name beside it.
func TestJSONNaming(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		want  map[string]any
	}{
		{"link", &rtnl.Link{Index: 7, Name: "v0"}, map[string]any{"ifindex": 7.0, "index": 7.0}},
		{"address", &rtnl.Address{Index: 7}, map[string]any{"ifindex": 7.0, "index": 7.0}},
		{"route", &rtnl.Route{OIF: 7, Table: 254}, map[string]any{"ifindex": 7.0, "oif": 7.0, "table": 254.0, "table_name": "main"}},
		{"route in table 100", &rtnl.Route{OIF: 3, Table: 100}, map[string]any{"ifindex": 3.0, "oif": 3.0, "table": 100.0, "table_name": "100"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var j struct{ Value map[string]any }
			if err := json.Unmarshal(monitor.AppendJSON(nil, &monitor.Event{Value: tc.value}), &j); err != nil {
				t.Fatal(err)
			}
			got := map[string]any{}
			for k := range tc.want {
				if v, ok := j.Value[k]; ok {
					got[k] = v
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
