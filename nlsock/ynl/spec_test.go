package ynl

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadKernelSpecs loads specs of the kernel's tree (Linux 6.12, from
// scripts/kernel-ynl.sh) and checks the numbers its uapi headers give them.
func TestLoadKernelSpecs(t *testing.T) {
	dir := specDir(t)
	tests := []struct {
		name, protocol string
		sets, ops      int
		groups         []string
		op             string
		doReq, doRsp   uint16
		set, attr      string
		attrType       uint16
	}{
		{"nlctrl", "genetlink-legacy", 5, 2, nil, "getfamily", 3, 1, "ctrl-attrs", "mcast-groups", 7},
		{"netdev", "genetlink", 9, 13, []string{"mgmt", "page-pool"}, "dev-get", 1, 1, "dev", "xsk-features", 6},
		{"ethtool", "genetlink-legacy", 54, 63, nil, "", 0, 0, "", "", 0},
		{"tcp_metrics", "genetlink-legacy", 2, 2, nil, "del", 2, 2, "tcp-metrics", "saddr-ipv4", 11},
		{"mptcp_pm", "genetlink-legacy", 5, 12, nil, "get-addr", 3, 3, "address", "if-idx", 7},
		{"rt-addr", "netlink-raw", 1, 3, []string{"rtnlgrp-ipv4-ifaddr", "rtnlgrp-ipv6-ifaddr"}, "newaddr", 20, 0, "addr-attrs", "ifa-proto", 11},
		{"rt-link", "netlink-raw", 31, 5, []string{"rtnlgrp-link", "rtnlgrp-stats"}, "", 0, 0, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadFamily(tt.name, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != tt.name || s.Protocol != tt.protocol || len(s.Sets) != tt.sets || len(s.Ops) != tt.ops {
				t.Errorf("got name %s protocol %s, %d sets, %d ops; want %s %s %d %d",
					s.Name, s.Protocol, len(s.Sets), len(s.Ops), tt.name, tt.protocol, tt.sets, tt.ops)
			}
			if diff := cmp.Diff(tt.groups, s.Groups); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
			if tt.op != "" {
				op, err := s.Op(tt.op)
				if err != nil {
					t.Fatal(err)
				}
				if op.Do == nil || op.Do.Request.Value != tt.doReq {
					t.Errorf("%s do request: %+v, want command %d", tt.op, op.Do, tt.doReq)
				}
				if op.RspValue != tt.doRsp {
					t.Errorf("%s reply command %d, want %d", tt.op, op.RspValue, tt.doRsp)
				}
			}
			if tt.set != "" {
				a, err := s.Sets[tt.set].Attr(tt.attr)
				if err != nil || a.Value != tt.attrType {
					t.Errorf("%s.%s: %+v, %v; want type %d", tt.set, tt.attr, a, err, tt.attrType)
				}
			}
		})
	}
}

// TestSpecDetails checks how the model reads the parts of the kernel's
// specs a parser may trip on.
func TestSpecDetails(t *testing.T) {
	netdev := loadSpec(t, "netdev")
	xdp := netdev.Enums["xdp-act"]
	if v, _ := xdp.Lookup("redirect"); !xdp.Flags || v != 2 {
		t.Errorf("xdp-act redirect = %d (flags %v), want mask 2", v, xdp.Flags)
	}
	qt := netdev.Enums["queue-type"]
	if v, _ := qt.Lookup("tx"); qt.Flags || v != 1 {
		t.Errorf("queue-type tx = %d, want 1", v)
	}
	// page-pool-stats restarts numbering at 8.
	if a, _ := netdev.Sets["page-pool-stats"].Attr("alloc-slow"); a.Value != 9 {
		t.Errorf("alloc-slow = %d, want 9", a.Value)
	}
	// A subset borrows its parent's numbers.
	if a, _ := netdev.Sets["queue-id"].Attr("type"); a.Value != 3 || a.Enum != qt {
		t.Errorf("queue-id.type = %+v, want queue.type (3)", a)
	}
	for name, want := range map[string]uint16{"dev-add-ntf": 2, "page-pool-get": 5, "bind-rx": 13} {
		if op, _ := netdev.Op(name); op.RspValue != want {
			t.Errorf("%s = %d, want %d", name, op.RspValue, want)
		}
	}
	if op, _ := netdev.Op("dev-change-ntf"); op.Set != netdev.Sets["dev"] || op.Group != "mgmt" {
		t.Errorf("dev-change-ntf: set %v group %q, want dev, mgmt", op.Set, op.Group)
	}
	mp := loadSpec(t, "mptcp_pm")
	if ev := mp.Enums["event-type"]; true {
		if v, _ := ev.Lookup("sub-closed"); v != 11 {
			t.Errorf("mptcp event sub-closed = %d, want 11", v)
		}
	}
	// ethtool numbers requests and replies apart (uapi ethtool_netlink.h).
	et := loadSpec(t, "ethtool")
	for name, want := range map[string][2]uint16{
		"strset-get": {1, 1}, "linkinfo-get": {2, 2}, "linkinfo-set": {3, 0}, "linkinfo-ntf": {0, 3},
		"features-get": {11, 11}, "features-set": {12, 12}, "features-ntf": {0, 13},
	} {
		op, err := et.Op(name)
		if err != nil {
			t.Fatal(err)
		}
		if op.ReqValue != want[0] || (want[1] != 0 && op.RspValue != want[1]) || (want[1] == 0) == op.hasReply {
			t.Errorf("ethtool %s: request %d reply %d (%v), want %v", name, op.ReqValue, op.RspValue, op.hasReply, want)
		}
	}
	rl := loadSpec(t, "rt-link")
	if a, _ := rl.Sets["linkinfo-brport-attrs"].Attr("no"); a == nil {
		t.Error(`rt-link linkinfo-brport-attrs has no attribute "no" (YAML 1.1 boolean?)`)
	}
	op, _ := rl.Op("getlink")
	if op == nil || op.FixedHeader == nil || op.FixedHeader.Size != 16 {
		t.Errorf("rt-link getlink fixed header: %+v, want ifinfomsg of 16 bytes", op)
	}
}

func TestFindErrors(t *testing.T) {
	dir := specDir(t)
	tests := []struct {
		name string
		dirs []string
		want string
	}{
		{"nope", []string{dir}, `no spec for family "nope" in ` + dir},
		{"netdev", nil, "no spec directories"},
		{"netdev", []string{"/nonexistent/specs"}, "in /nonexistent/specs; none of these directories exists"},
		{"netdev", []string{"/nonexistent/specs", "/"}, "missing: /nonexistent/specs"},
		{"/nonexistent/x.yaml", nil, "no such file"},
		{"", []string{dir}, "empty family name"},
	}
	for _, tt := range tests {
		_, err := LoadFamily(tt.name, tt.dirs)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("LoadFamily(%q, %v) = %v, want one line with %q", tt.name, tt.dirs, err, tt.want)
		}
		if tt.name != "" && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("LoadFamily(%q): %v is not fs.ErrNotExist", tt.name, err)
		}
	}
	// rt_link finds rt-link.yaml; a path works as a name.
	if _, err := Find("rt_link", []string{dir}); err != nil {
		t.Error(err)
	}
	if _, err := LoadFamily(filepath.Join(dir, "nlctrl.yaml"), nil); err != nil {
		t.Error(err)
	}
}

func TestSearchPath(t *testing.T) {
	t.Setenv(EnvSpecs, "/a::/b")
	got := SearchPath("/x")
	want := append([]string{"/x", "/a", "/b"}, SystemDirs()...)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SearchPath (-want +got):\n%s", diff)
	}
	if names := Available([]string{specDir(t)}); !strings.Contains(strings.Join(names, " "), "netdev nfsd nftables nlctrl") {
		t.Errorf("Available = %v", names)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"not yaml", "name: [", "not a YNL spec (line 1: did not find expected node content)"},
		{"no name", "doc: x\n", "not a YNL spec (no name, no attribute-sets or operations)"},
		{"bad protocol", "name: x\nprotocol: bogus\noperations: {list: []}\n", `unknown protocol "bogus"`},
		{"bad nest", "name: x\nattribute-sets:\n - name: a\n   attributes:\n    - {name: n, type: nest, nested-attributes: zz}\n", `nested-attributes "zz"`},
		{"bad enum", "name: x\nattribute-sets:\n - name: a\n   attributes:\n    - {name: n, type: u8, enum: zz}\n", `enum "zz"`},
		{"bad op set", "name: x\noperations:\n list:\n  - {name: o, attribute-set: zz}\n", `attribute-set "zz"`},
		{"bad notify", "name: x\noperations:\n list:\n  - {name: o, notify: zz}\n", `notify "zz"`},
		{"bad subset", "name: x\nattribute-sets:\n - {name: a, subset-of: b, attributes: [{name: q}]}\n", `subset-of "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want an error with %q", err, tt.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
}

// TestLoadNotASpec: a script may name any file as a spec (ynl.family
// "/etc/passwd"); the error is one line, says what is wrong and never
// quotes the file.
func TestLoadNotASpec(t *testing.T) {
	const secret = "hunter2"
	dir := t.TempDir()
	tests := []struct{ name, text, want string }{
		{"passwd", "root:x:0:0:" + secret + ":/root:/bin/bash\ndaemon:x:1:1:" + secret + ":/usr/sbin:/usr/sbin/nologin\n",
			"not a YNL spec (line 1: the top level is a string, not a mapping of keys)"},
		{"mapping", "password: " + secret + "\nuser: root\n", "not a YNL spec (no name, no attribute-sets or operations)"},
		{"name only", "name: " + secret + "\n", "not a YNL spec (no attribute-sets or operations)"},
		{"list", "- " + secret + "\n- b\n", "not a YNL spec (line 1: the top level is a list, not a mapping of keys)"},
		{"syntax", "a: b\n" + secret + ": [\n", "not a YNL spec (line 2: did not find expected node content)"},
		{"quote", "a: \"" + secret + "\n", "not a YNL spec (line 2: found unexpected end of stream)"},
		{"wrong type", "name: x\noperations: " + secret + "\n", "bad YNL spec (line 2: unexpected string)"},
		{"twice", "name: x\noperations: {}\n" + secret + ": 1\n" + secret + ": 2\n", "bad YNL spec (line 4: a key given twice)"},
		{"empty", "", "not a YNL spec (empty)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name)
			if err := os.WriteFile(p, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadFamily(p, nil)
			want := "ynl spec " + p + ": " + tt.want
			if err == nil || err.Error() != want {
				t.Errorf("LoadFamily(%s) = %v\nwant %s", tt.name, err, want)
			}
		})
	}
	if _, err := Load(dir); err == nil || err.Error() != "ynl spec "+dir+": not a regular file" {
		t.Errorf("Load(a directory) = %v", err)
	}
	// a device is not read at all (/dev/zero would never end)
	if _, err := Load("/dev/null"); err == nil || err.Error() != "ynl spec /dev/null: not a regular file" {
		t.Errorf("Load(/dev/null) = %v", err)
	}
}
