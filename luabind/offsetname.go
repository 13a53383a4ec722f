//go:build linux

package luabind

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
)

// socketConfig is the configuration of every socket a script opens.
func (e *Env) socketConfig(proto int) nlsock.Config {
	return nlsock.Config{NameOffset: e.offsetNamer(proto)}
}

// offsetNamer names what an ext-ack offset points at in a request as sent
// (nlsock.ExtAck.Attr, which error messages and extack tables show), with
// the knowledge nlsock/explain has: route, netfilter, sock_diag and nlctrl
// messages, and the generic families whose ids this Env has seen by name
// (genl.family, genl.families, genl.request) and whose YNL spec is found
// where the ynl module looks. An attribute of no known family stays
// unnamed: "offset 20" says as much as "attribute 1" would.
func (e *Env) offsetNamer(proto int) func([]byte, uint32) string {
	return func(req []byte, off uint32) string {
		o := explain.Options{NoHexDump: true}
		if proto == ProtoGeneric {
			fams := e.genlFamilies()
			o.GenlFamilies = fams
			o.GenlSpec = e.explainSpecs(func(id uint16) string { return fams[id] })
		}
		name := explain.AttrAt(req, proto, off, o)
		if strings.HasPrefix(name, "attribute ") && !strings.Contains(name, ">") {
			return ""
		}
		return name
	}
}

// LearnGenlFamily remembers the name of a generic family id (ids are the
// same in every namespace: the kernel allocates them globally).
func (e *Env) LearnGenlFamily(id uint16, name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.genlNames == nil {
		e.genlNames = map[uint16]string{}
	}
	e.genlNames[id] = name
}

// genlFamilies is a copy of the generic family names learnt so far.
func (e *Env) genlFamilies() map[uint16]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[uint16]string, len(e.genlNames))
	for id, name := range e.genlNames {
		out[id] = name
	}
	return out
}
