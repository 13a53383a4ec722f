package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// kernelSpecs is the kernel's own spec files (scripts/kernel-ynl.sh);
// never copied into the repository.
func kernelSpecs(t *testing.T) string {
	t.Helper()
	return nlsocktest.KernelSpecs(t)
}

// TestSpecsOption: --specs DIR (repeatable) and $NLSH_SPECS tell the ynl
// module where the specs are; a missing directory is named in the error.
func TestSpecsOption(t *testing.T) {
	dir := kernelSpecs(t)
	t.Setenv("NLSH_SPECS", "")
	tests := []struct {
		name string
		args []string
		env  string
		code int
		out  string
	}{
		{"--specs", []string{"--specs", dir, "-e", `print(ynl.spec("netdev").protocol)`}, "", 0, "genetlink\n"},
		{"--specs=", []string{"--specs=/nonexistent", "--specs=" + dir, "-e", `print(ynl.path("nlctrl"))`}, "", 0, filepath.Join(dir, "nlctrl.yaml") + "\n"},
		{"NLSH_SPECS", []string{"-e", `print(ynl.spec("rt_link").name)`}, "/nonexistent:" + dir, 0, "rt-link\n"},
		{"missing dir", []string{"--specs", "/nonexistent/specs", "-e", `print(select(2, ynl.family("netdev")))`}, "", 0,
			`in /nonexistent/specs:/usr/share/ynl/specs`},
		{"no argument", []string{"--specs"}, "", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NLSH_SPECS", tt.env)
			var out, errOut bytes.Buffer
			code := run(tt.args, nil, &out, &errOut)
			if code != tt.code || !strings.Contains(out.String(), tt.out) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out.String(), errOut.String(), tt.code, tt.out)
			}
			if tt.code == 2 && !strings.Contains(errOut.String(), "'--specs' needs an argument") {
				t.Errorf("stderr %q", errOut.String())
			}
		})
	}
}
