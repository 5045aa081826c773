// Package synctest holds what the 上报 tests share: a fault-injecting TCP
// proxy that plays a bad township link, a report provider that writes a real
// small workbook, and helpers to make townships and a hub.
package synctest

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Fault is what the link does to one connection.
type Fault struct {
	// Status answers the request with this HTTP status (500, 503) instead of
	// passing it on.
	Status int
	// DropAfter closes the connection once this many request bytes have
	// passed (0: never).
	DropAfter int64
	// StallAfter stops passing request bytes after this many, leaving the
	// connection open (0: never).
	StallAfter int64
	// Delay holds the connection before passing anything.
	Delay time.Duration
	// LoseReply passes the request to the hub but drops the connection
	// instead of passing the hub's answer back: the hub acted, the
	// township never heard.
	LoseReply bool
}

// Proxy sits between the township and the hub.
type Proxy struct {
	target string
	ln     net.Listener

	conns   atomic.Int64
	Faulted atomic.Int64 // connections given a fault
	Up      atomic.Int64 // request bytes passed to the hub

	mu     sync.Mutex
	plan   func(n int) Fault
	rate   int64
	open   map[net.Conn]bool
	closed bool
	next   time.Time // when the paced line is free again
}

// StartProxy listens on loopback and forwards to target (host:port).
func StartProxy(tb testing.TB, target string) *Proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Proxy{target: target, ln: ln, open: map[net.Conn]bool{}}
	go p.accept()
	tb.Cleanup(p.Close)
	return p
}

// SetPlan sets what decides the fault for the n-th connection (from 1);
// nil means a clean link.
func (p *Proxy) SetPlan(plan func(n int) Fault) {
	p.mu.Lock()
	p.plan = plan
	p.mu.Unlock()
}

// SetRate limits request bytes per second over all connections (0: none),
// like a slow uplink.
func (p *Proxy) SetRate(bytesPerSecond int64) {
	p.mu.Lock()
	p.rate = bytesPerSecond
	p.mu.Unlock()
}

// Rate is the current limit.
func (p *Proxy) Rate() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate
}

// URL is the proxy's http:// address.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// Conns is how many connections the proxy has seen.
func (p *Proxy) Conns() int64 { return p.conns.Load() }

// Close stops the proxy and drops every connection.
func (p *Proxy) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.ln.Close()
	p.DropAll()
}

// DropAll breaks every open connection, as when the link goes down.
func (p *Proxy) DropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.open {
		c.Close()
	}
}

// DropEvery breaks all connections every d until stop is closed.
func (p *Proxy) DropEvery(d time.Duration, stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.DropAll()
			}
		}
	}()
}

func (p *Proxy) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.open[c] = true
	} else {
		delete(p.open, c)
	}
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		n := int(p.conns.Add(1))
		var f Fault
		p.mu.Lock()
		plan := p.plan
		p.mu.Unlock()
		if plan != nil {
			f = plan(n)
		}
		if f != (Fault{}) {
			p.Faulted.Add(1)
		}
		go p.serve(c, f)
	}
}

func (p *Proxy) serve(client net.Conn, f Fault) {
	p.track(client, true)
	defer p.track(client, false)
	defer client.Close()
	if f.Delay > 0 {
		time.Sleep(f.Delay)
	}
	if f.Status != 0 {
		// Read a little of the request so the client sees an answer, not a reset.
		client.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		buf := make([]byte, 4096)
		client.Read(buf)
		fmt.Fprintf(client, "HTTP/1.1 %d %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", f.Status, statusText(f.Status))
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	p.track(server, true)
	defer p.track(server, false)
	defer server.Close()
	done := make(chan struct{}, 2)
	go func() {
		if f.LoseReply {
			// Wait for the hub's whole answer, then hang up on the client.
			io.Copy(io.Discard, server)
		} else {
			io.Copy(client, server)
		}
		client.Close()
		done <- struct{}{}
	}()
	go func() {
		p.upstream(server, client, f)
		server.Close()
		done <- struct{}{}
	}()
	<-done
}

// upstream copies request bytes, applying the rate, drop and stall.
func (p *Proxy) upstream(dst, src net.Conn, f Fault) {
	buf := make([]byte, 2048)
	var passed int64
	for {
		n, err := src.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if f.DropAfter > 0 && passed+int64(n) >= f.DropAfter {
				dst.Write(chunk[:f.DropAfter-passed])
				p.Up.Add(f.DropAfter - passed)
				src.Close()
				return
			}
			if f.StallAfter > 0 && passed+int64(n) >= f.StallAfter {
				dst.Write(chunk[:f.StallAfter-passed])
				p.Up.Add(f.StallAfter - passed)
				io.Copy(io.Discard, src) // hold the line open, pass nothing
				return
			}
			p.pace(int64(n))
			if _, werr := dst.Write(chunk); werr != nil {
				return
			}
			passed += int64(n)
			p.Up.Add(int64(n))
		}
		if err != nil {
			return
		}
	}
}

// pace sleeps so request bytes keep to Rate. Idle time earns no credit,
// like a real slow line.
func (p *Proxy) pace(n int64) {
	p.mu.Lock()
	if p.rate <= 0 {
		p.mu.Unlock()
		return
	}
	now := time.Now()
	if p.next.Before(now) {
		p.next = now
	}
	p.next = p.next.Add(time.Duration(float64(n) / float64(p.rate) * float64(time.Second)))
	due := p.next
	p.mu.Unlock()
	time.Sleep(time.Until(due))
}

func statusText(code int) string {
	switch code {
	case 500:
		return "Internal Server Error"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	}
	return strconv.Itoa(code)
}
