package ui

import "fyne.io/fyne/v2/theme"

// The screens of receptions and cases (issue 5) in the navigation.
func init() {
	registerScreen(screenDef{name: ScreenDashboard, label: "首页", order: 0, icon: theme.InfoIcon,
		make: func(mw *MainWindow) screen { return newDashboardScreen(mw) }})
	registerScreen(screenDef{name: ScreenReceptions, label: "接待记录", order: 50, icon: theme.DocumentCreateIcon,
		make: func(mw *MainWindow) screen { return newReceptionScreen(mw) }})
	registerScreen(screenDef{name: ScreenCases, label: "事项查询", order: 55, icon: theme.SearchIcon,
		make: func(mw *MainWindow) screen { return newCaseScreen(mw) }})
}
