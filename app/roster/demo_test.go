package roster_test

import (
	"testing"

	"deputydesk/app/demo/demotest"
	"deputydesk/store"
)

func TestMain(m *testing.M) { demotest.Main(m) }

// demoDB opens a private copy of the filled demo database.
func demoDB(tb testing.TB) *store.DB { return demotest.Open(tb) }
