package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"photosync/web"
)

const exitsServe = "0 the server stopped, 2 bad input (a bad flag, an address it cannot listen on)"

// listen opens the server's socket; tests replace it to close it.
var listen = net.Listen

// warm reports whether serve starts computing the eras table at startup;
// tests that only start and stop the server turn it off.
var warm = true

// serve is `photosync serve`: the web pages and the JSON API on a local
// address, until the process is stopped.
func (c cli) serve(args []string) int {
	fs := c.flags("serve", "[--addr HOST:PORT] [--timeout D] [--max-states N]", exitsServe)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (the default is loopback only; port 0 picks a free one)")
	timeout := fs.Duration("timeout", web.DefaultTimeout, "stop any request that computes longer than this")
	maxStates := fs.Int("max-states", web.DefaultMaxStates, "the most possible states a run of the workbench may track (a request may ask for fewer)")
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return c.fail("serve", exitUsage, "unexpected argument %q (serve takes only flags)", fs.Arg(0))
	case *timeout <= 0:
		return c.fail("serve", exitUsage, "--timeout %s (want a positive duration such as 60s)", *timeout)
	case *maxStates < 1:
		return c.fail("serve", exitUsage, "--max-states %d (want at least 1)", *maxStates)
	}
	ln, err := listen("tcp", *addr)
	if err != nil {
		return c.fail("serve", exitUsage, "%v", err)
	}
	fmt.Fprintf(c.stdout, "http://%s/\n", ln.Addr())
	fmt.Fprintln(c.stdout, "photosync serve: open the address above in a browser; stop with Ctrl+C.")
	handler := web.New(web.Options{Timeout: *timeout, MaxStates: *maxStates})
	if warm {
		handler.Warm() // the eras table, in the background: /eras answers at once
	}
	srv := &http.Server{Handler: handler,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute}
	err = srv.Serve(ln)
	if errors.Is(err, net.ErrClosed) {
		return exitOK
	}
	return c.fail("serve", exitInternal, "%v", err)
}
