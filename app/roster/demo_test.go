package roster_test

import (
	"testing"

	"deputydesk/app/demo/demotest"
	"deputydesk/store"
)

// These tests plan fixed periods (December 2026 to November 2027, with
// 2027's holidays) on a township whose duties up to its "today" are held,
// so the demo is made on one day, not on DEPUTYDESK_TEST_TODAY's.
func TestMain(m *testing.M) { demotest.MainOn(m, demotest.Default) }

// demoDB opens a private copy of the filled demo database.
func demoDB(tb testing.TB) *store.DB { return demotest.Open(tb) }
