package synctest_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"deputydesk/sync/transport"
)

func TestEachTLSFailureHasItsOwnMessage(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("deputyhub")) }))
	defer srv.Close()
	der := srv.Certificate().Raw
	sum := sha256.Sum256(der)
	pin := hex.EncodeToString(sum[:])
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	client := func(url string, ca []byte, pin string) *transport.Client {
		cfg, err := transport.TLSConfig(ca, pin)
		if err != nil {
			t.Fatal(err)
		}
		c := transport.NewClient(url)
		c.Retries = 0
		c.HTTP = &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
		return c
	}
	localhost := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	cases := []struct {
		name string
		c    *transport.Client
		want string // "" means it connects
	}{
		{"unknown issuer", client(srv.URL, nil, ""), "不是由可信机构签发"},
		{"CA file", client(srv.URL, caPEM, ""), ""},
		{"wrong name", client(localhost, caPEM, ""), "名称与所填地址不符"},
		{"pinned", client(localhost, nil, pin), ""},
		{"certificate changed", client(srv.URL, nil, strings.Repeat("ab", 32)), "与登记时记录的不同"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Ping(t.Context())
			if tc.want == "" {
				if err != nil {
					t.Fatalf("ping: %v (%s)", err, transport.Message(err))
				}
				return
			}
			if msg := transport.Message(err); !strings.Contains(msg, tc.want) {
				t.Errorf("message %q, want %q (err %v)", msg, tc.want, err)
			}
		})
	}
	if _, err := transport.TLSConfig([]byte("not a certificate"), ""); err == nil {
		t.Error("a CA file without certificates was accepted")
	}
}
