package service

import (
	"bytes"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"zeisim/host/limits"
	"zeisim/host/logging"
	"zeisim/host/tlsconf"
)

func (h *Host) newServer(handler http.Handler) *http.Server {
	return &http.Server{
		Handler:                      handler,
		ReadHeaderTimeout:            h.cfg.ReadHeaderTimeout,
		ReadTimeout:                  h.cfg.ReadTimeout,
		WriteTimeout:                 h.cfg.WriteTimeout,
		IdleTimeout:                  h.cfg.IdleTimeout,
		MaxHeaderBytes:               h.readCap(),
		DisableGeneralOptionsHandler: true,
		HTTP2:                        &http.HTTP2Config{MaxConcurrentStreams: 100},
		ErrorLog:                     log.New(h.cfg.Stderr, "host: ", 0),
		ConnState:                    limits.State,
	}
}

// serve opens one content or redirect listener and serves on it in the background. bare are
// the header lines added to the answers net/http writes by itself on it.
func (h *Host) serve(role, addr string, handler http.Handler, useTLS bool, bare []byte) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	h.lns = append(h.lns, ln)
	capped := limits.NewListener(ln, h.cfg.MaxConns)
	capped.PerClient = h.cfg.MaxConnsPer
	capped.OnReject = func(remote net.Addr, why string) {
		h.Counters.ConnRejected()
		client := limits.KeyOf(remote)
		if fire, _ := h.first.Hit("conn " + client); fire {
			if why == "client" {
				h.Security.Warn("connection cap reached", "client", client, "max_per_client", h.cfg.MaxConnsPer)
			} else {
				h.Security.Warn("connection cap reached", "client", client, "max", h.cfg.MaxConns)
			}
		}
	}
	capped.OnShed = func(remote net.Addr) {
		h.Counters.ConnShed()
		if fire, _ := h.first.Hit("shed"); fire {
			h.Security.Warn("connections shed", "max", h.cfg.MaxConns, "client", limits.KeyOf(remote))
		}
	}
	capped.Bare = &limits.Bare{Headers: bare, Seen: func(remote net.Addr, status int) {
		h.record(logging.Entry{Time: time.Now(), Client: limits.Client(remote.String()), Method: "-", Path: "-",
			Status: status, Proto: "HTTP/1.1", TLS: useTLS}, 0)
	}}
	srv := h.newServer(handler)
	h.servers = append(h.servers, srv)
	scheme := "http"
	if useTLS {
		scheme = "https"
		srv.TLSConfig = tlsconf.Config(h.Certs.GetCertificate)
		tln := limits.NewTLSListener(capped, srv.TLSConfig, h.cfg.ReadHeaderTimeout, capped.Bare)
		tln.OnError = func(remote net.Addr, err error) {
			srv.ErrorLog.Printf("http: TLS handshake error from %s: %v", remote, err)
		}
		go srv.Serve(tln)
	} else {
		// Plain HTTP/1 answers send full buffers with MSG_MORE (a page larger than net/http's
		// 4 kB buffer would otherwise leave in two segments). Not under TLS, where HTTP/2 has
		// no idle state per response to send what is held.
		capped.Cork = true
		go srv.Serve(capped)
	}
	h.URLs[role] = scheme + "://" + ln.Addr().String()
	// Tests and scripts read this line to learn the port when an address ends in ":0".
	fmt.Fprintf(h.cfg.Stdout, "host: serving %s on %s://%s/\n", h.cfg.Dir, scheme, ln.Addr())
	return nil
}

// bareHeaders renders a header set as the lines limits.Bare adds to net/http's own answers,
// with no-store: an error about one request is not to be cached.
func bareHeaders(set func(http.Header)) []byte {
	hdr := http.Header{}
	set(hdr)
	hdr.Set("Cache-Control", "no-store")
	var b bytes.Buffer
	hdr.Write(&b)
	return b.Bytes()
}
