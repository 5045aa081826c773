// Command deputydesk is the township deputies' workbench: with no arguments
// it opens the desktop window; with a command it runs it headless.
package main

import (
	"context"
	"os"

	"deputydesk/app/cli"
	_ "deputydesk/app/locale" // before Fyne reads LANG
	"deputydesk/app/ui"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.Env{
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		OpenGUI: ui.Run,
		Recover: ui.RunRecovery,
	}))
}
