//go:build linux

package ynlcmd

import (
	"context"
	"errors"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// events prints the family's notifications, one line each, for
// o.Duration or until ctx ends; early are ones read before (during a
// --multi batch). An overrun is a line, not the end.
func (o *Options) events(ctx context.Context, c *ynl.Client, vo ynl.ViewOptions, early []nlsock.Message) error {
	for _, m := range early {
		if err := o.event(c, m, vo); err != nil {
			return err
		}
	}
	if o.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	}
	for {
		m, err := c.Socket().Receive(ctx)
		switch {
		case ctx.Err() != nil, errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			// the duration's end, or Ctrl-C: a normal end (Receive may
			// see the deadline a moment before ctx.Err reports it)
			return nil
		case errors.Is(err, nlsock.ErrOverrun):
			if err := o.overrun(c); err != nil {
				return err
			}
			continue
		case err != nil:
			return err
		}
		if err := o.event(c, m, vo); err != nil {
			return err
		}
	}
}

func (o *Options) event(c *ynl.Client, m nlsock.Message, vo ynl.ViewOptions) error {
	if !c.Owns(m) {
		return nil // another family's message on a shared protocol: not ours to show
	}
	v, err := c.NotificationView(m, vo)
	if err != nil {
		// still shown: what decoded, and the problem beside it
		if v == nil {
			v = ynl.NewObject()
		}
		v.Set("error", err.Error())
	}
	return o.print(v)
}

// overrun reports in-band that the kernel dropped notifications.
func (o *Options) overrun(c *ynl.Client) error {
	v := ynl.NewObject()
	v.Set("overrun", true)
	v.Set("error", "ENOBUFS")
	v.Set("msg", "the kernel dropped notifications: the socket's receive buffer was full")
	v.Set("overruns", c.Socket().Stats().Overruns)
	return o.print(v)
}
