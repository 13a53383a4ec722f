package rtnl

import (
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// No message nlsh writes formats a list with Go's slice syntax ("(known:
// [name kind])"): lists read as text ("name, kind"). The test type-checks
// every non-test file of the module and flags each format call (fmt.Errorf,
// ArgError, L.RaiseError, ... — any call with a constant format string)
// whose %v, %s, %q or %d verb gets a slice, an array or a map.
func TestNoSliceSyntaxInMessages(t *testing.T) {
	if testing.Short() {
		nlsocktest.SkipShort(t, "type-checks the whole module")
	}
	pkgs := listPackages(t)
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	})
	for _, p := range pkgs {
		if p.Module == nil || p.Module.Path != "github.com/nlsh/nlsh" || len(p.GoFiles) == 0 {
			continue
		}
		var files []*ast.File
		for _, f := range p.GoFiles {
			af, err := parser.ParseFile(fset, p.Dir+"/"+f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, af)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check(p.ImportPath, fset, files, info); err != nil {
			t.Fatalf("type-checking %s: %v", p.ImportPath, err)
		}
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					for _, bad := range sliceVerbs(call, info) {
						t.Errorf("%s: %s", fset.Position(call.Pos()), bad)
					}
				}
				return true
			})
		}
	}
}

type listedPackage struct {
	ImportPath, Dir, Export string
	GoFiles                 []string
	Module                  *struct{ Path string }
}

// listPackages compiles the module (go list -export) for the export data
// the type checker imports.
func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-json", "github.com/nlsh/nlsh/...")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		nlsocktest.Skipf(t, "go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// sliceVerbs finds the first constant string argument holding a verb and
// checks the arguments after it against its verbs.
func sliceVerbs(call *ast.CallExpr, info *types.Info) []string {
	for i, a := range call.Args {
		tv, ok := info.Types[a]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		format := constant.StringVal(tv.Value)
		if !strings.Contains(format, "%") {
			continue
		}
		var bad []string
		args := call.Args[i+1:]
		for j, verb := range verbs(format) {
			if j >= len(args) || !strings.ContainsRune("vsdq", verb) {
				continue
			}
			typ := info.Types[args[j]].Type
			if typ == nil {
				continue
			}
			switch u := typ.Underlying().(type) {
			case *types.Slice:
				if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte && (verb == 's' || verb == 'q') {
					continue
				}
			case *types.Array, *types.Map:
			default:
				continue
			}
			bad = append(bad, "%"+string(verb)+" of "+typ.String()+" in "+strings.TrimSpace(format))
		}
		return bad
	}
	return nil
}

// verbs lists the verbs of a format string in argument order (%% skipped;
// flags, width and precision ignored).
func verbs(format string) []rune {
	var out []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] != '%' {
			out = append(out, rune(format[i]))
		}
	}
	return out
}

// A few representative messages that list choices read as text.
func TestListsInMessagesReadAsText(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	for _, tc := range []struct{ code, want string }{
		{`rtnl.route_add(s, {nope = 1})`, "(known: dst, gateway, dev, table, metric, prefsrc, protocol, type, scope, family, nhid)"},
		{`rtnl.routes(s, {nope = 1})`, `unknown option "nope" (known: family, table, protocol, type, ifindex, oif, where)`},
		{`s:request({type = 18, flags = netlink.F_DUMP}, {nope = 1})`, `(known: timeout, retries)`},
		{`rtnl.addrs(s, {family = "nope"})`, `(known: unspec, `},
	} {
		err := L.DoString(tc.code)
		if err == nil {
			t.Errorf("%s: no error", tc.code)
			continue
		}
		msg, _, _ := strings.Cut(err.Error(), "\n") // the traceback follows
		if !strings.Contains(msg, tc.want) || strings.Contains(msg, "[") {
			t.Errorf("%s: error %q; want one containing %q and no Go slice syntax", tc.code, msg, tc.want)
		}
	}
}
