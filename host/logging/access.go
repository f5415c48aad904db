package logging

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Entry is one access-log line. The query string is never logged: the site never sends
// personal figures, and if a link ever carried some they would still not reach the log.
type Entry struct {
	Time     time.Time `json:"time"` // written in UTC, RFC 3339 with nanoseconds
	Client   string    `json:"client"`
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Status   int       `json:"status"`
	Bytes    int64     `json:"bytes"`
	Duration float64   `json:"duration_ms"`
	UA       string    `json:"ua"`
	Proto    string    `json:"proto"`
	TLS      bool      `json:"tls"`
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

// ReadFrom hands a body to the ResponseWriter's own ReadFrom (net/http's sends a sealed file
// with sendfile), counting the bytes.
func (r *Recorder) ReadFrom(src io.Reader) (int64, error) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	var n int64
	var err error
	if rf, ok := r.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(writeOnly{r.ResponseWriter}, src)
	}
	r.Bytes += n
	return n, err
}

// writeOnly hides ReadFrom from io.Copy, which would call it again.
type writeOnly struct{ io.Writer }

// Unwrap lets http.ResponseController reach the connection (deadlines, flush).
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// NewEntry builds the log line for a finished request.
func NewEntry(r *http.Request, client string, rec *Recorder, start time.Time, d time.Duration) Entry {
	status := rec.Status
	if status == 0 {
		status = http.StatusOK
	}
	return Entry{
		Time:     start,
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

var linePool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// Log writes one line, built by hand (this runs once per request; reflection-based
// json.Marshal cost more than serving a small page). Strings are escaped as JSON, so a request
// cannot forge lines; TestAccessEntryHasNoQuery decodes the line with encoding/json.
func (a *Access) Log(e Entry) {
	if a == nil || a.w == nil {
		return
	}
	bp := linePool.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, `{"time":"`...)
	b = e.Time.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	b = append(b, `,"client":`...)
	b = appendString(b, e.Client)
	b = append(b, `,"method":`...)
	b = appendString(b, e.Method)
	b = append(b, `,"path":`...)
	b = appendString(b, e.Path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.Status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, e.Bytes, 10)
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendFloat(b, e.Duration, 'f', -1, 64)
	b = append(b, `,"ua":`...)
	b = appendString(b, e.UA)
	b = append(b, `,"proto":`...)
	b = appendString(b, e.Proto)
	b = append(b, `,"tls":`...)
	b = strconv.AppendBool(b, e.TLS)
	b = append(b, "}\n"...)
	a.w.Write(b)
	*bp = b
	linePool.Put(bp)
}

// appendString appends s as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	if plainASCII(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b = append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// plainASCII reports whether s needs no escaping: printable ASCII without quote or backslash,
// which is what paths, methods, addresses and most user agents are.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
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
