package logging

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry is one access-log line. The query string is never logged: the site never sends
// personal figures, and if a link ever carried some they would still not reach the log.
type Entry struct {
	Time     string  `json:"time"`
	Client   string  `json:"client"`
	Method   string  `json:"method"`
	Path     string  `json:"path"`
	Status   int     `json:"status"`
	Bytes    int64   `json:"bytes"`
	Duration float64 `json:"duration_ms"`
	UA       string  `json:"ua"`
	Proto    string  `json:"proto"`
	TLS      bool    `json:"tls"`
}

// Recorder captures the status and body size a handler wrote.
type Recorder struct {
	http.ResponseWriter
	Status int
	Bytes  int64
}

func (r *Recorder) WriteHeader(code int) {
	if r.Status == 0 {
		r.Status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *Recorder) Write(b []byte) (int, error) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.Bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (deadlines, flush).
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// NewEntry builds the log line for a finished request.
func NewEntry(r *http.Request, client string, rec *Recorder, start time.Time, d time.Duration) Entry {
	status := rec.Status
	if status == 0 {
		status = http.StatusOK
	}
	return Entry{
		Time:     start.UTC().Format(time.RFC3339Nano),
		Client:   client,
		Method:   clip(r.Method, 16),
		Path:     clip(r.URL.Path, 512),
		Status:   status,
		Bytes:    rec.Bytes,
		Duration: float64(d.Microseconds()) / 1000,
		UA:       clip(r.UserAgent(), 256),
		Proto:    r.Proto,
		TLS:      r.TLS != nil,
	}
}

// clip bounds a client-chosen string so one request cannot write a huge log line.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// Access writes entries as JSON lines.
type Access struct{ w io.Writer }

func NewAccess(w io.Writer) *Access { return &Access{w: w} }

// Log writes one line. json.Marshal escapes control characters, so a request cannot forge lines.
func (a *Access) Log(e Entry) {
	if a == nil || a.w == nil {
		return
	}
	b, err := json.Marshal(e)
	if err != nil {
		return
	}
	a.w.Write(append(b, '\n'))
}

// NewSecurity returns the security-event logger: JSON lines with an "event" attribute.
func NewSecurity(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				a.Value = slog.StringValue(a.Value.Time().UTC().Format(time.RFC3339Nano))
			}
			if a.Key == slog.MessageKey {
				a.Key = "event"
			}
			if s, ok := a.Value.Any().(string); ok && len(s) > 1024 {
				a.Value = slog.StringValue(clip(s, 1024))
			}
			return a
		},
	}))
}

// SafeAgent is a user agent trimmed for the security log.
func SafeAgent(ua string) string { return clip(strings.TrimSpace(ua), 256) }
