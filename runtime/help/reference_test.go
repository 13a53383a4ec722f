package help_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/docs"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	nlrt "github.com/nlsh/nlsh/runtime"
	"github.com/nlsh/nlsh/runtime/help"
	lua "github.com/yuin/gopher-lua"
)

// The reference must document exactly what the Lua state offers. These
// tests walk a real state (module tables, the metatables of every
// "nlsh.*" type) and, for what exists only once an object is built, the
// luabind code that builds it; the kernel test then checks real objects.

// stdlib are the Lua 5.1 globals and library members nlsh does not add.
var stdlib = map[string]bool{
	"_G": true, "coroutine": true, "debug": true, "io": true, "math": true, "os": true,
	"package": true, "table": true, "channel": true, "arg": true,
	"string.byte": true, "string.char": true, "string.dump": true, "string.find": true,
	"string.format": true, "string.gmatch": true, "string.gsub": true, "string.len": true,
	"string.lower": true, "string.match": true, "string.rep": true, "string.reverse": true,
	"string.sub": true, "string.upper": true, "string.gfind": true, "string.__index": true,
}

// baseFunctions are Lua 5.1's global functions (and gopher-lua's own);
// any other global function is nlsh's and needs an entry (## module _G).
var baseFunctions = map[string]bool{}

func init() {
	for _, f := range strings.Fields(`assert collectgarbage dofile error getfenv getmetatable ipairs load
		loadfile loadstring module next pairs pcall print rawequal rawget rawset require select setfenv
		setmetatable tonumber tostring type unpack xpcall newproxy gcinfo _printregs`) {
		baseFunctions[f] = true
	}
}

// objectOfType names the reference section of each Lua userdata type.
var objectOfType = map[string]string{"nlsh.socket": "sock", "nlsh.netns": "ns", "nlsh.ynl.family": "fam",
	"nlsh.int": "int", "nlsh.json.null": "null", "nlsh.json.object": "jsonobject"}

func newState(t *testing.T) *nlrt.State {
	t.Helper()
	s := nlrt.New(nlrt.Options{Stdout: io.Discard, Stderr: io.Discard})
	t.Cleanup(s.Close)
	// Set rtnl's and genl's constants (set on first lookup).
	if code, ok := s.RunString("local _ = rtnl.RTM_NEWLINK, genl.GENL_ID_CTRL", "test"); !ok {
		t.Fatalf("opening the modules: exit %d", code)
	}
	return s
}

func ref(t *testing.T) *help.Reference {
	t.Helper()
	r, err := help.Parse(docs.Reference)
	if err != nil {
		t.Fatalf("docs/reference.md: %v", err)
	}
	return r
}

// TestReferenceIsComplete fails for every binding without an entry, saying
// which entry to add where, and for every entry naming nothing.
func TestReferenceIsComplete(t *testing.T) {
	r := ref(t)
	have := bindings(t, newState(t))
	checkCoverage(t, r, have)
}

// checkCoverage compares the names nlsh has with the reference's entries.
func checkCoverage(t reporter, r *help.Reference, have map[string]string) {
	t.Helper()
	var names []string
	for k := range have {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		owner, _, _ := strings.Cut(strings.Replace(k, ":", ".", 1), ".")
		sec := r.Section(owner)
		switch {
		case sec == nil:
			t.Errorf("%s (%s) has no section in docs/reference.md: add '## %s %s' with an intro paragraph, then '### %s...' and its text",
				k, have[k], kindOf(k), owner, k)
		case r.Entry(k) == nil:
			t.Errorf("%s (%s) has no entry in docs/reference.md: add '### %s...' and its text under '## %s %s' (line %d)",
				k, have[k], k, sec.Kind, sec.Name, sec.Line)
		}
	}
	for _, s := range r.Sections {
		for _, e := range s.Entries {
			for _, k := range e.Keys {
				if !documentsSomething(k, have) {
					t.Errorf("docs/reference.md line %d: %s names nothing nlsh has; remove the entry or fix the name", e.Line, k)
				}
			}
		}
		if s.Intro == "" {
			t.Errorf("docs/reference.md line %d: section %s has no intro paragraph", s.Line, s.Name)
		}
	}
}

func kindOf(k string) string {
	if strings.Contains(k, ":") {
		return "object"
	}
	return "module (or object)"
}

// documentsSomething: an exact name nlsh has, or a NAME_* matching one.
func documentsSomething(key string, have map[string]string) bool {
	k := strings.Replace(key, ":", ".", 1)
	for h := range have {
		h = strings.Replace(h, ":", ".", 1)
		if h == k {
			return true
		}
		if p, ok := strings.CutSuffix(k, "*"); ok && strings.HasPrefix(h, p) {
			return true
		}
	}
	return false
}

// bindings lists every name the reference must document, with where it
// was found.
func bindings(t *testing.T, s *nlrt.State) map[string]string {
	t.Helper()
	have := map[string]string{}
	L := s.L
	L.G.Global.ForEach(func(k, v lua.LValue) {
		name := k.String()
		tbl, ok := v.(*lua.LTable)
		if fn, isFn := v.(*lua.LFunction); isFn && !baseFunctions[name] && fn.IsG {
			have["_G."+name] = "a global function"
		}
		if !ok || stdlib[name] {
			return
		}
		tbl.ForEach(func(k, _ lua.LValue) {
			key := name + "." + k.String()
			if !stdlib[key] {
				have[key] = "a field of the global " + name
			}
		})
	})
	L.G.Registry.ForEach(func(k, v lua.LValue) {
		typ, ok := k.(lua.LString)
		if !ok || !strings.HasPrefix(string(typ), "nlsh.") {
			return
		}
		obj, ok := objectOfType[string(typ)]
		if !ok {
			t.Errorf("Lua type %s has no object name: add it to objectOfType in runtime/help/reference_test.go and a '## object NAME' section to docs/reference.md", typ)
			return
		}
		mt, _ := v.(*lua.LTable)
		if mt == nil {
			return
		}
		if methods, ok := mt.RawGetString("__index").(*lua.LTable); ok {
			methods.ForEach(func(k, _ lua.LValue) { have[obj+":"+k.String()] = "a method of " + string(typ) })
		}
	})
	for obj, fields := range sourceFields(t) {
		for _, f := range fields {
			have[obj+"."+f.name] = f.where
		}
	}
	for k, where := range describedFields(t) {
		have[k] = where
	}
	for _, f := range sourceFamFields(t) {
		have["fam."+f] = "a field of a ynl family (openYnl)"
	}
	for obj, methods := range sourceMethods(t) {
		for _, m := range methods {
			have[obj+":"+m] = "a method in luabind's source"
		}
	}
	return have
}

type field struct{ name, where string }

func fieldListNames[T any](fields []rtnl.Field[T], more ...string) []string {
	names := more
	for _, f := range fields {
		names = append(names, f.Name)
		if f.Alias != "" {
			names = append(names, f.Alias)
		}
	}
	return names
}

// luabindFuncs parses luabind's code once: every function by name, and
// every package-level fieldSet by variable name.
func luabindFuncs(t *testing.T) (map[string]*ast.FuncDecl, map[string][]string) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../../luabind/*.go")
	modules, err2 := filepath.Glob("../../luabind/*/*.go") // a package per module
	files = append(files, modules...)
	if err != nil || err2 != nil || len(files) == 0 {
		t.Fatalf("luabind sources: %v %v", err, err2)
	}
	funcs := map[string]*ast.FuncDecl{}
	sets := map[string][]string{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				funcs[d.Name.Name] = d
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok || len(vs.Values) != 1 {
						continue
					}
					if call, ok := vs.Values[0].(*ast.CallExpr); ok && isFieldSet(call.Fun) {
						sets[vs.Names[0].Name] = stringArgs(call.Args)
					}
				}
			}
		}
	}
	return funcs, sets
}

// isFieldSet reports whether fun is NewFieldSet, in luabind or from a
// module package (luabind.NewFieldSet).
func isFieldSet(fun ast.Expr) bool {
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		return isIdent(sel.X, "luabind") && sel.Sel.Name == "NewFieldSet"
	}
	return isIdent(fun, "NewFieldSet")
}

// objectSources says where each object kind's fields are made: eager
// fieldSets, functions whose `case "name":` clauses are lazy fields, and
// functions that set fields with t.RawSetString("name", ...) and the
// like, and field lists of nlsock/rtnl that luabind builds tables from.
// When luabind moves a field elsewhere, update this table.
var objectSources = map[string]struct {
	fieldSet string
	listed   []string // names from a field list (rtnl.LinkFields)
	lazy     []string
	setters  []string
	minus    string // fields of another object this one extends
}{
	"link":      {listed: fieldListNames(rtnl.LinkFields()), lazy: []string{"linkLazy", "attrsField"}},
	"address":   {listed: fieldListNames(rtnl.AddrFields()), lazy: []string{"addrLazy", "attrsField"}},
	"route":     {listed: fieldListNames(rtnl.RouteFields(), "nexthops"), lazy: []string{"routeLazy", "attrsField"}},
	"neighbour": {listed: fieldListNames(rtnl.NeighFields()), lazy: []string{"neighLazy", "attrsField"}},
	"rule":      {listed: fieldListNames(rtnl.RuleFields()), lazy: []string{"ruleLazy", "attrsField"}},
	"message":   {setters: []string{"MsgTable", "setErrorFields", "setBody"}},
	"extack":    {setters: []string{"extackTable"}},
	"event":     {setters: []string{"eventTable"}, minus: "message"},
	"record":    {setters: []string{"recordTable"}, minus: "message"},
	"stats":     {fieldSet: "statsFields"},
	"family":    {fieldSet: "familyFields", setters: []string{"familyTable"}},
	"socket":    {setters: []string{"diagSocket", "diagBody"}},
	"nft":       {setters: []string{"nftObject"}},
	"tc":        {setters: []string{"tcTable", "tcBody"}},
}

func sourceFields(t *testing.T) map[string][]field {
	t.Helper()
	funcs, sets := luabindFuncs(t)
	fn := func(name string) *ast.FuncDecl {
		f := funcs[name]
		if f == nil {
			t.Fatalf("luabind has no function %s any more: update objectSources in runtime/help/reference_test.go", name)
		}
		return f
	}
	out := map[string][]field{}
	for obj, src := range objectSources {
		if src.fieldSet != "" {
			names, ok := sets[src.fieldSet]
			if !ok {
				t.Fatalf("luabind has no fieldSet %s any more: update objectSources in runtime/help/reference_test.go", src.fieldSet)
			}
			for _, n := range names {
				out[obj] = append(out[obj], field{n, "an eager field (" + src.fieldSet + ")"})
			}
		}
		for _, n := range src.listed {
			out[obj] = append(out[obj], field{n, "a field of nlsock/rtnl's field list"})
		}
		for _, name := range src.lazy {
			for _, n := range caseStrings(fn(name)) {
				out[obj] = append(out[obj], field{n, "a lazy field (" + name + ")"})
			}
		}
		for _, name := range src.setters {
			for _, n := range setKeys(fn(name)) {
				out[obj] = append(out[obj], field{n, "a field set in " + name})
			}
		}
	}
	for obj, src := range objectSources {
		if src.minus == "" {
			continue
		}
		base := map[string]bool{}
		for _, f := range out[src.minus] {
			base[f.name] = true
		}
		var own []field
		for _, f := range out[obj] {
			if !base[f.name] {
				own = append(own, f)
			}
		}
		out[obj] = own
	}
	for obj := range objectSources {
		if len(out[obj]) == 0 {
			t.Errorf("found no fields of %s in luabind: update objectSources in runtime/help/reference_test.go", obj)
		}
	}
	return out
}

// sourceMethods finds the methods of the ynl family object, whose
// __index is a function: openYnl lists them as {"name", fn} pairs.
func sourceMethods(t *testing.T) map[string][]string {
	t.Helper()
	funcs, _ := luabindFuncs(t)
	open := funcs["openYnl"]
	if open == nil {
		t.Fatal("luabind has no openYnl any more: update sourceMethods in runtime/help/reference_test.go")
	}
	var methods []string
	ast.Inspect(open, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok || len(cl.Elts) != 2 {
			return true
		}
		if name, ok := stringLit(cl.Elts[0]); ok && !strings.Contains(name, ".") {
			if _, isStr := stringLit(cl.Elts[1]); !isStr {
				methods = append(methods, name)
			}
		}
		return true
	})
	if len(methods) == 0 {
		t.Fatal("found no ynl family methods in openYnl: update sourceMethods in runtime/help/reference_test.go")
	}
	return map[string][]string{"fam": methods}
}

// sourceFamFields are the ynl family's fields: the case clauses of the
// __index function in openYnl.
func sourceFamFields(t *testing.T) []string {
	t.Helper()
	funcs, _ := luabindFuncs(t)
	fields := caseStrings(funcs["openYnl"])
	if len(fields) == 0 {
		t.Fatal("found no ynl family fields in openYnl: update sourceFamFields in runtime/help/reference_test.go")
	}
	return fields
}

// caseStrings lists the string literals of every case clause in f.
func caseStrings(f *ast.FuncDecl) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if s, ok := stringLit(e); ok {
					out = append(out, s)
				}
			}
		}
		return true
	})
	return out
}

// setKeys lists the keys f sets on its result table t: t.RawSetString("k",
// ...), setNum(t, "k", ...) and the closures num("k", ...), str("k", ...).
func setKeys(f *ast.FuncDecl) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		switch fun := call.Fun.(type) {
		case *ast.SelectorExpr:
			if fun.Sel.Name == "RawSetString" && isIdent(fun.X, "t") {
				if s, ok := stringLit(call.Args[0]); ok {
					out = append(out, s)
				}
			}
		case *ast.Ident:
			switch fun.Name {
			case "num", "str":
				if s, ok := stringLit(call.Args[0]); ok {
					out = append(out, s)
				}
			case "setNum", "setStr", "setAddr":
				if len(call.Args) > 1 && isIdent(call.Args[0], "t") {
					if s, ok := stringLit(call.Args[1]); ok {
						out = append(out, s)
					}
				}
			}
		}
		return true
	})
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

func stringArgs(args []ast.Expr) []string {
	var out []string
	for _, a := range args {
		if s, ok := stringLit(a); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestReferenceCatchesDrift proves the coverage check fails both ways: a
// binding without an entry, and an entry without a binding.
func TestReferenceCatchesDrift(t *testing.T) {
	r := ref(t)
	have := map[string]string{"rtnl.links": "test", "rtnl.brand_new": "test"}
	for _, s := range r.Sections {
		for _, e := range s.Entries {
			for _, k := range e.Keys {
				if k != "rtnl.links" {
					have[strings.TrimSuffix(k, "*")+strings.Repeat("X", strings.Count(k, "*"))] = "test"
				}
			}
		}
	}
	delete(have, "sock:seq")
	rec := &recorder{}
	checkCoverage(rec, r, have)
	want := []string{"rtnl.brand_new (test) has no entry", "sock:seq names nothing nlsh has"}
	for _, w := range want {
		if !strings.Contains(rec.String(), w) {
			t.Errorf("the coverage check did not say %q; it said:\n%s", w, rec)
		}
	}
}

// reporter is what checkCoverage reports to: a *testing.T, or a recorder.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// recorder collects what checkCoverage reports instead of failing.
type recorder struct{ strings.Builder }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) { fmt.Fprintf(&r.Builder, format+"\n", args...) }

// TestLookupEveryTopic: nlsh help answers for every section and entry of
// the reference (sock.recv as well as sock:recv), and for constants
// through their NAME_* entry.
func TestLookupEveryTopic(t *testing.T) {
	r := ref(t)
	for _, s := range r.Sections {
		if text, err := r.Lookup(s.Name, nil); err != nil || !strings.Contains(text, s.Kind+" "+s.Name+"\n") {
			t.Errorf("Lookup(%q): %v\n%s", s.Name, err, text)
		}
		for _, e := range s.Entries {
			for _, k := range e.Keys {
				if strings.HasSuffix(k, "*") {
					k = strings.TrimSuffix(k, "*") + "EXAMPLE"
				}
				for _, topic := range []string{k, strings.Replace(k, ":", ".", 1)} {
					if text, err := r.Lookup(topic, nil); err != nil || !strings.HasPrefix(text, e.Heading) {
						t.Errorf("Lookup(%q): %v\n%s", topic, err, text)
					}
				}
			}
		}
	}
	if _, err := r.Lookup("rtnl.nosuch", nil); err == nil {
		t.Error("Lookup of a name nlsh lacks succeeded")
	}
	if _, err := r.Lookup("netlink.f_request", nil); err == nil {
		t.Error("a lower-case name matched a constant's NAME_* entry")
	}
}
