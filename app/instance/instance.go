// Package instance keeps one desktop program per database: the first start
// takes a lock file beside the database and listens on loopback; a second
// start finds the lock held, asks the first to bring its window forward, and
// exits. Two windows on one file would each keep their own screens and undo
// history and surprise the secretary, and a start that hung without a window
// (see app/startup) would otherwise pile up with every double-click.
package instance

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"deputydesk/app/atomicfile"
)

// Lock is held by the one program running on a database until Close.
type Lock struct {
	fl   *flock.Flock
	ln   net.Listener
	addr string // the file naming ln's address
}

// ErrRunning means another program holds the database's lock. Raised tells
// whether that program answered and brought its window forward.
type ErrRunning struct{ Raised bool }

func (e *ErrRunning) Error() string {
	if e.Raised {
		return "instance: already running; its window was brought forward"
	}
	return "instance: already running and did not answer"
}

// lockPath and addrPath are the files beside the database. The address is
// in its own file because on Windows a locked file cannot be read by others.
func lockPath(db string) string { return db + ".lock" }
func addrPath(db string) string { return db + ".instance" }

const (
	ping = "raise"
	pong = "ok"
)

// Acquire takes the lock for the database at dbPath. When another program
// holds it, Acquire asks that program to come forward and returns
// *ErrRunning. raise is called (from a goroutine) whenever a later start asks
// this one to come forward.
func Acquire(dbPath string, raise func()) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o755); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	fl := flock.New(lockPath(dbPath))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("instance: lock %s: %w", lockPath(dbPath), err)
	}
	if !ok {
		return nil, &ErrRunning{Raised: askRaise(dbPath)}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		// Without the listener a second start can still see the lock and
		// say the program is open; it just cannot raise the window.
		return &Lock{fl: fl}, nil
	}
	l := &Lock{fl: fl, ln: ln, addr: addrPath(dbPath)}
	if err := atomicfile.WriteBytes(l.addr, []byte(ln.Addr().String()+"\n")); err != nil {
		ln.Close()
		l.ln = nil
		return l, nil
	}
	go l.serve(raise)
	return l, nil
}

func (l *Lock) serve(raise func()) {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return // closed
		}
		go func() {
			defer c.Close()
			c.SetDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			if strings.TrimSpace(line) != ping {
				return
			}
			if raise != nil {
				raise()
			}
			fmt.Fprintln(c, pong)
		}()
	}
}

// Close releases the lock and stops listening.
func (l *Lock) Close() error {
	if l.ln != nil {
		l.ln.Close()
		os.Remove(l.addr)
	}
	return l.fl.Unlock()
}

// askRaise pings the program holding the lock. It retries for a moment: a
// start that has just taken the lock may not have written its address yet.
func askRaise(dbPath string) bool {
	deadline := time.Now().Add(3 * time.Second)
	for {
		if raised(dbPath) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func raised(dbPath string) bool {
	b, err := os.ReadFile(addrPath(dbPath))
	if err != nil {
		return false
	}
	addr := strings.TrimSpace(string(b))
	// Only ever talk to loopback, whatever the file says.
	if host, _, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" {
		return false
	}
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := fmt.Fprintln(c, ping); err != nil {
		return false
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(line) == pong
}
