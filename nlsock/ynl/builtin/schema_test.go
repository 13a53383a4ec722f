package builtin

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestDescriptionsValidateAgainstKernelSchema checks each description
// with the kernel's own JSON schema for its protocol (jsonschema, as the
// kernel's CLI does), so they are YNL as the kernel defines it and not only
// as nlsh's parser reads it.
func TestDescriptionsValidateAgainstKernelSchema(t *testing.T) {
	schemas := filepath.Join(nlsocktest.KernelYNL(t), "Documentation", "netlink")
	const validate = `
import sys, yaml, jsonschema
spec = yaml.safe_load(open(sys.argv[1]))
proto = spec.get("protocol", "genetlink")
schema = yaml.safe_load(open(sys.argv[2] + "/" + proto + ".yaml"))
jsonschema.validate(spec, schema)
`
	for _, n := range Names() {
		text, err := descriptions.ReadFile("descriptions/" + n + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), n+".yaml")
		if err := os.WriteFile(p, text, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("/usr/bin/python3", "-c", validate, p, schemas).CombinedOutput()
		if err != nil {
			t.Errorf("%s does not validate against the kernel's schema: %v\n%s", n, err, lastLines(string(out), 6))
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
