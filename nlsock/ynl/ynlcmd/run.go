//go:build linux

package ynlcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// ErrUsage is wrapped by errors in the options themselves (nlsh exits 2).
var ErrUsage = errors.New("usage")

func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(format, a...))
}

// Run does what o asks, in the kernel CLI's order: list, then the request
// (--do, --dump or --multi), then the notifications of --subscribe.
func Run(ctx context.Context, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	if o.ListFamilies {
		o.listFamilies()
		if o.Family == "" && o.SpecFile == "" {
			return nil
		}
	}
	spec, err := o.loadSpec()
	if err != nil {
		return err
	}
	if err := o.lists(spec); err != nil {
		return err
	}
	if o.Policy != "" {
		if err := o.policy(ctx, spec); err != nil {
			return err
		}
	}
	if o.Do == "" && o.Dump == "" && len(o.Multi) == 0 && o.Subscribe == "" {
		return nil
	}
	return o.call(ctx, spec)
}

func (o *Options) check() error {
	n := 0
	for _, set := range []bool{o.Do != "", o.Dump != "", len(o.Multi) > 0} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return usageErr("--do, --dump and --multi exclude each other")
	case o.Family != "" && o.SpecFile != "":
		return usageErr("--family and --spec both name the spec; give one")
	case o.Family == "" && o.SpecFile == "" && !o.ListFamilies:
		return usageErr("no family: give --family NAME or --spec FILE (--list-families lists them)")
	case o.JSON != "" && n == 0:
		return usageErr("--json goes with --do or --dump")
	case o.Duration < 0:
		return usageErr("--duration must be positive")
	}
	return nil
}

func (o *Options) loadSpec() (*ynl.Spec, error) {
	if o.SpecFile != "" {
		return ynl.Load(o.SpecFile)
	}
	return builtin.LoadFamily(o.Family, o.SpecDirs)
}

// call opens the family's socket in the namespace and runs the request
// and the subscription.
func (o *Options) call(ctx context.Context, spec *ynl.Spec) error {
	sock, err := nlsock.OpenConfig(spec.NetlinkProtocol(), o.NetNS, nlsock.Config{ReadBuffer: o.ReadBuffer})
	if err != nil {
		return err
	}
	defer sock.Close()
	if err := o.tap(sock, spec); err != nil {
		return err
	}
	c, err := ynl.NewClient(ctx, sock, spec)
	if err != nil {
		return err
	}
	o.tapGeneric(c)
	if o.Subscribe != "" {
		// "netdev:mgmt" as nlsh monitor spells it, or "mgmt" as the CLI
		group := strings.TrimPrefix(o.Subscribe, spec.Name+":")
		if _, err := c.Join(group); err != nil {
			return err
		}
	}
	vo := ynl.ViewOptions{NoUnknown: o.NoUnknown}
	var out any
	var early []nlsock.Message // notifications read while the batch was answered
	switch {
	case o.Do != "" || o.Dump != "":
		name, dump := o.Do, false
		if o.Dump != "" {
			name, dump = o.Dump, true
		}
		attrs, err := parseRequest(spec, name, o.JSON)
		if err != nil {
			return err
		}
		if out, err = c.CallView(ctx, name, dump, attrs, o.Flags, vo); err != nil {
			return err
		}
	case len(o.Multi) > 0:
		reqs := make([]ynl.MultiRequest, len(o.Multi))
		for i, m := range o.Multi {
			attrs, err := parseRequest(spec, m.Op, m.JSON)
			if err != nil {
				return err
			}
			reqs[i] = ynl.MultiRequest{Op: m.Op, Attrs: attrs, Flags: o.Flags}
		}
		results, others, err := c.MultiView(ctx, reqs, vo)
		if err != nil {
			return err
		}
		out, early = results, others
	}
	if o.Do != "" || o.Dump != "" || len(o.Multi) > 0 {
		if err := o.print(out); err != nil {
			return err
		}
	}
	if o.Subscribe != "" {
		return o.events(ctx, c, vo, early)
	}
	return nil
}

// print writes v as one JSON line (--output-json) or indented.
func (o *Options) print(v any) error {
	b, err := ynl.AppendJSON(nil, v)
	if err != nil {
		return err
	}
	if !o.OutputJSON {
		var ind bytes.Buffer
		if err := json.Indent(&ind, b, "", "  "); err == nil {
			b = ind.Bytes()
		}
	}
	_, err = o.Stdout.Write(append(b, '\n'))
	return err
}
