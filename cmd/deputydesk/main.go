// Command deputydesk is the township deputies' workbench: with no arguments
// it opens the desktop window; with a command it runs it headless.
package main

import (
	"context"
	"os"

	"deputydesk/app/cli"
	_ "deputydesk/app/locale" // before Fyne reads LANG
	"deputydesk/app/startup"
	"deputydesk/app/ui"
)

func main() {
	// A desktop start first makes sure it is the only one on its database
	// and that a window can open at all; otherwise it says why and exits.
	if dbPath, gui := startup.GUIDatabase(os.Args[1:], cli.DefaultDBPath()); gui {
		release, code := startup.Start(dbPath, os.Stderr)
		ui.OnFirstFrame = startup.Drawn
		if code >= 0 {
			os.Exit(code)
		}
		code = run()
		release()
		os.Exit(code)
	}
	os.Exit(run())
}

func run() int {
	return cli.Main(context.Background(), os.Args[1:], cli.Env{
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		OpenGUI: ui.Run,
		Recover: ui.RunRecovery,
	})
}
