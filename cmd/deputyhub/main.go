// Command deputyhub is the county's 上报 hub: it receives the townships'
// signed bundles and shows who has reported.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"deputydesk/sync/hub"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := hub.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
