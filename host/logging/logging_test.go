package logging

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestRotateBySize(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "access.log")
	c := &clock{time.Date(2026, 11, 26, 10, 0, 0, 0, time.Local)}
	r, err := Open(file, 100, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.now = c.now
	line := []byte(strings.Repeat("x", 39) + "\n") // 40 bytes: two fit in 100, the third rotates
	for i := 0; i < 12; i++ {
		c.t = c.t.Add(time.Second)
		if _, err := r.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	old, _ := filepath.Glob(file + ".*")
	if len(old) != 3 {
		t.Fatalf("kept %d rotated files, want 3: %v", len(old), old)
	}
	cur, _ := os.ReadFile(file)
	if len(cur) != 80 {
		t.Errorf("current file %d bytes, want 80", len(cur))
	}
	for _, f := range old {
		b, _ := os.ReadFile(f)
		if len(b) != 80 {
			t.Errorf("%s: %d bytes, want 80 (whole lines, never split)", f, len(b))
		}
	}
}

func TestRotateByDay(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "security.log")
	c := &clock{time.Date(2026, 11, 26, 23, 59, 0, 0, time.Local)}
	r, err := Open(file, 0, 0, 64)
	if err != nil {
		t.Fatal(err)
	}
	r.now = c.now
	r.next = time.Date(2026, 11, 27, 0, 0, 0, 0, time.Local)
	r.Write([]byte("day one\n"))
	c.t = c.t.Add(2 * time.Minute)
	r.Write([]byte("day two\n"))
	r.Close()
	b, _ := os.ReadFile(file + ".20261127-000100")
	if string(b) != "day one\n" {
		t.Errorf("rotated file holds %q", b)
	}
	if b, _ := os.ReadFile(file); string(b) != "day two\n" {
		t.Errorf("current file holds %q", b)
	}
}

func TestBurst(t *testing.T) {
	c := &clock{time.Unix(0, 0)}
	b := NewBurst(3, 10*time.Second)
	b.now = c.now
	var fired []int
	for i := 1; i <= 7; i++ {
		if fire, n := b.Hit("1.2.3.4"); fire {
			fired = append(fired, n)
		}
	}
	if len(fired) != 1 || fired[0] != 3 {
		t.Errorf("fired at %v, want once at 3", fired)
	}
	if fire, _ := b.Hit("5.6.7.8"); fire {
		t.Error("another client's first event fired")
	}
	c.t = c.t.Add(11 * time.Second)
	b.Hit("1.2.3.4")
	b.Hit("1.2.3.4")
	if fire, _ := b.Hit("1.2.3.4"); !fire {
		t.Error("a new window did not fire again")
	}
}

func TestAccessEntryHasNoQuery(t *testing.T) {
	r := httptest.NewRequest("GET", "/simulator/?income=5000000&name=taro", nil)
	r.Header.Set("User-Agent", "test\nforged \"line\" \\ \x01\u2028 ユーザ")
	rec := &Recorder{ResponseWriter: httptest.NewRecorder()}
	rec.WriteHeader(404)
	rec.Write([]byte("abc"))
	var buf bytes.Buffer
	NewAccess(&buf).Log(NewEntry(r, "192.0.2.1", rec, time.Unix(0, 0), 1500*time.Microsecond))
	line := buf.String()
	if strings.Contains(line, "5000000") || strings.Contains(line, "taro") || strings.Contains(line, "income") {
		t.Errorf("query string logged: %s", line)
	}
	if !strings.HasPrefix(line, `{"time":"1970-01-01T00:00:00Z",`) {
		t.Errorf("time not written in UTC RFC 3339: %s", line)
	}
	if strings.Count(line, "\n") != 1 {
		t.Errorf("a user agent split the line: %q", line)
	}
	var e Entry
	if err := json.Unmarshal([]byte(line), &e); err != nil {
		t.Fatal(err)
	}
	want := Entry{Time: time.Unix(0, 0).UTC(), Client: "192.0.2.1", Method: "GET", Path: "/simulator/", Status: 404,
		Bytes: 3, Duration: 1.5, UA: "test\nforged \"line\" \\ \x01\u2028 ユーザ", Proto: "HTTP/1.1"}
	if e != want {
		t.Errorf("entry %+v, want %+v", e, want)
	}
}
