//go:build linux

package ynl

import (
	"errors"
	"fmt"
	"strings"
)

// Problems collects what the walks of one message met, for a decoder whose
// field setters cannot return errors (a nest walked inside a setter): each
// walk's error and its malformed attributes, under the nest attribute whose
// contents they are in. Err gives them as one error on one line, where
// errors.Join would put each on a line of its own.
type Problems struct {
	errs []error
}

// Note records a walk's err and its malformed attributes bad, under nest
// ("" at the top level).
func (p *Problems) Note(nest string, err error, bad []Malformed) {
	prefix := ""
	if nest != "" {
		prefix = nest + ": "
	}
	for _, m := range bad {
		p.errs = append(p.errs, errors.New(prefix+m.String()))
	}
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("%s%w", prefix, err))
	}
}

// Err is the problems noted as one error ("CTRL_ATTR_MCAST_GROUPS:
// CTRL_ATTR_MCAST_GRP_ID: 2 bytes, want 4; ..."), or nil for none.
func (p *Problems) Err() error {
	if len(p.errs) == 0 {
		return nil
	}
	msgs := make([]string, len(p.errs))
	for i, e := range p.errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}

// Reset forgets the problems noted, keeping the room, for a decoder reused
// from a pool.
func (p *Problems) Reset() { p.errs = p.errs[:0] }
