package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"photosync/count"
	"photosync/model"
	"photosync/scenario"
	"photosync/srcpos"
	"photosync/verdicts"
)

//go:embed static
var static embed.FS

// Options bound what one request may take. The zero value of a field is
// its default.
type Options struct {
	// MaxStates bounds the possible states of a run (default 100,000, as
	// photosync run) and of a round of infer (default 20,000, as
	// photosync infer); a request may ask for fewer, never more.
	MaxStates, MaxInferStates int
	// MaxBytes bounds the memory of each request's states (default
	// 256 MiB: the server runs Workers requests at once).
	MaxBytes int64
	// Timeout is how long a request may compute (default 60 s); past it
	// the request is answered with the limit.
	Timeout time.Duration
	// Workers is how many requests compute at once (default 2); others
	// wait for a slot within their Timeout.
	Workers int
	// Viewers bounds the viewers a request may ask for (default
	// model.MaxViewers).
	Viewers int
}

// Defaults of Options.
const (
	DefaultMaxStates      = 100_000
	DefaultMaxInferStates = 20_000
	DefaultMaxBytes       = 256 << 20
	DefaultTimeout        = 60 * time.Second
	DefaultWorkers        = 2
	// MaxBodyBytes is the largest request body the server reads.
	MaxBodyBytes = 1 << 20
	// maxRounds is how many rounds of the diagnosis the server keeps.
	maxRounds = 64
)

// Server is photosync's web server: the pages and the JSON API. It is
// safe for concurrent use; New builds it.
type Server struct {
	opts  Options
	mux   *http.ServeMux
	slots chan struct{} // one token per request computing

	erasMemo  *memo // the eras table per number of viewers, computed once
	roundMemo *memo // the last rounds of the diagnosis
}

// New returns a server with the bounds of opts.
func New(opts Options) *Server {
	if opts.MaxStates <= 0 {
		opts.MaxStates = DefaultMaxStates
	}
	if opts.MaxInferStates <= 0 {
		opts.MaxInferStates = DefaultMaxInferStates
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Viewers <= 0 || opts.Viewers > model.MaxViewers {
		opts.Viewers = model.MaxViewers
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), slots: make(chan struct{}, opts.Workers)}
	s.erasMemo, s.roundMemo = newMemo(s, model.MaxViewers), newMemo(s, maxRounds)
	sub, _ := fs.Sub(static, "static")
	files := http.FileServerFS(sub)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", files))
	for _, page := range []string{"run", "eras", "check", "infer"} {
		s.mux.HandleFunc("GET /"+page, s.page(page))
	}
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/run", http.StatusFound)
	})
	s.mux.HandleFunc("/api/vocab", s.api(s.vocab))
	s.mux.HandleFunc("/api/run", s.api(s.run))
	s.mux.HandleFunc("/api/infer", s.api(s.infer))
	s.mux.HandleFunc("/api/eras", s.api(s.erasAPI))
	s.mux.HandleFunc("/api/check", s.api(s.check))
	return s
}

// ServeHTTP serves the pages and the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

// page serves static/NAME.html.
func (s *Server) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := static.ReadFile("static/" + name + ".html")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'")
		w.Write(data)
	}
}

// apiError is an answer that is not the object asked for: bad input
// (400, with the line of the scenario, log or rules file when there is
// one), a body too large (413), a time limit or a full server (503), the
// checker's own error (500).
type apiError struct {
	Status  int    `json:"-"`
	Message string `json:"error"`
	// Input names the input the line is in: "scenario", "log" or "rules".
	Input string `json:"input,omitempty"`
	Line  int    `json:"line,omitempty"`
}

func (e *apiError) Error() string { return e.Message }

// badInput returns a 400 error about input; a positional error keeps its
// line.
func badInput(input string, err error) *apiError {
	e := &apiError{Status: http.StatusBadRequest, Message: err.Error(), Input: input}
	if p, ok := srcpos.Find(err); ok && p.File == input {
		e.Line = p.Line
	}
	return e
}

// request is what an API request asks, read from its query, its form or
// its JSON body.
type request struct {
	r      *http.Request
	fields map[string]string
}

// get returns field name ("" when absent).
func (q *request) get(name string) string { return q.fields[name] }

// number returns field name as a number ≥ lo, def when absent.
func (q *request) number(name string, def, lo, hi int) (int, error) {
	v := q.get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &apiError{Status: http.StatusBadRequest, Message: fmt.Sprintf("%s %s (want a number from %d to %d)", name, srcpos.Quote(v), lo, hi)}
	}
	return n, nil
}

// readRequest reads the fields of r: its query, then a form or a JSON
// object of strings (or numbers) in its body, at most MaxBodyBytes.
func readRequest(w http.ResponseWriter, r *http.Request) (*request, error) {
	q := &request{r: r, fields: map[string]string{}}
	for k, v := range r.URL.Query() {
		q.fields[k] = v[0]
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return q, nil
	}
	if r.Method != http.MethodPost {
		return nil, &apiError{Status: http.StatusMethodNotAllowed, Message: fmt.Sprintf("method %s (want GET or POST)", r.Method)}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &apiError{Status: http.StatusRequestEntityTooLarge,
			Message: fmt.Sprintf("the request body is over 1 MB (%d bytes at most): send a shorter scenario, log or rules file", MaxBodyBytes)}
	case err != nil:
		return nil, &apiError{Status: http.StatusBadRequest, Message: "reading the request body: " + err.Error()}
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, &apiError{Status: http.StatusBadRequest, Message: "the request body is not a JSON object: " + err.Error()}
		}
		for k, v := range obj {
			switch v := v.(type) {
			case string:
				q.fields[k] = v
			case float64:
				q.fields[k] = strconv.FormatFloat(v, 'f', -1, 64)
			case bool:
				q.fields[k] = strconv.FormatBool(v)
			default:
				return nil, &apiError{Status: http.StatusBadRequest, Message: fmt.Sprintf("field %s of the request body is not a string, number or boolean", srcpos.Quote(k))}
			}
		}
	case "application/x-www-form-urlencoded", "":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, &apiError{Status: http.StatusBadRequest, Message: "the request body is not a form: " + err.Error()}
		}
		for k, v := range vals {
			q.fields[k] = v[0]
		}
	default:
		return nil, &apiError{Status: http.StatusUnsupportedMediaType, Message: fmt.Sprintf("content type %s (want application/json or a form)", srcpos.Quote(ct))}
	}
	return q, nil
}

// api wraps an API handler: it reads the request, runs h within the
// server's bounds and writes h's answer or error as JSON.
func (s *Server) api(h func(ctx context.Context, q *request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := readRequest(w, r)
		if err != nil {
			writeError(w, err)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
		defer cancel()
		out, err := h(ctx, q)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	verdicts.WriteJSON(w, v)
}

func writeError(w http.ResponseWriter, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		e = &apiError{Status: http.StatusInternalServerError, Message: "internal error: " + err.Error()}
	}
	writeJSON(w, e.Status, e)
}

// work runs f in one of the server's slots and returns its error, or, when
// ctx ends first (the time limit, or the client gave up), an error saying
// so. f's computation is bounded by the states and memory of Options, and
// f asks stop as often as it can: once ctx ends it reports true, and f
// stops. The handler does not wait for that: f runs on in its slot until
// it sees stop, so that no more than Workers ever run at once, and f must
// write only its own variables. A panic in f is the checker's bug: a 500.
func (s *Server) work(ctx context.Context, f func(stop func() bool) error) error {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return s.stopped(ctx, "waiting for a free slot (the server computes "+strconv.Itoa(s.opts.Workers)+" requests at once)")
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-s.slots }()
		done <- s.safely(func() error { return f(func() bool { return ctx.Err() != nil }) })
	}()
	select {
	case err := <-done:
		if ctx.Err() != nil { // f may have stopped short: its answer is no answer
			return s.stopped(ctx, "computing")
		}
		return err
	case <-ctx.Done():
		return s.stopped(ctx, "computing")
	}
}

// safely runs f; a panic in f is the checker's bug, a 500.
func (s *Server) safely(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &apiError{Status: http.StatusInternalServerError, Message: fmt.Sprintf("internal error: panic: %v\n%s", p, debug.Stack())}
		}
	}()
	return f()
}

// boundedStates says that the exploration what stopped at the server's
// bound of n states.
func boundedStates(n int, what string) string {
	return fmt.Sprintf("bounded at %s states: %s stopped there, so each verdict it cut short is unknown "+
		"(photosync serve --max-states raises the bound)", count.N(n), what)
}

// stopped says why ctx ended: the time limit, a bound that names its flag
// (503), or the client gave up (499).
func (s *Server) stopped(ctx context.Context, while string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &apiError{Status: http.StatusServiceUnavailable,
			Message: fmt.Sprintf("stopped after the time limit of %s s while %s (photosync serve --timeout raises it)",
				strconv.FormatFloat(s.opts.Timeout.Seconds(), 'f', -1, 64), while)}
	}
	return &apiError{Status: 499, Message: "cancelled while " + while}
}

// noFiles is the loader of the server's scenarios: the server reads no
// files, so a scenario names a built-in rule set, or the request carries
// the rules file itself (the field rulesFile, read as rules.json).
func noFiles(rulesFile string) scenario.Loader {
	return func(path string) ([]byte, error) {
		if rulesFile != "" && strings.TrimPrefix(path, "./") == rulesFileName {
			return []byte(rulesFile), nil
		}
		return nil, fmt.Errorf("the server reads no files: %s is not a rule set (want one of %s, or the rules file in the editor)",
			srcpos.Quote(path), strings.Join(model.NamedRuleSets(), ", "))
	}
}

// rulesFileName is what a scenario or the rules field calls the rules file
// a request carries.
const rulesFileName = "rules.json"
