package ui

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne's own file dialog names its places Home, Computer, Documents… in
// English whatever the language, so the app asks for files through a
// chooser of its own: the system's dialog where there is one (zenity on a
// Linux desktop, in the desktop's language), otherwise a small Chinese
// dialog with 桌面, 文档, 下载 and the U盘 at hand. The calls mirror Fyne's
// (newFileSave, newFileOpen, showFolderOpen), so a screen uses it the same
// way.

// nativeDialogs lets the chooser hand over to the system's file dialog; the
// program turns it on (see Run), tests keep the Chinese dialog.
var nativeDialogs = false

// lastFolder is where the previous file was chosen, where the next
// chooser starts.
var lastFolder string

type chooserMode int

const (
	chooseSave chooserMode = iota
	chooseOpen
	chooseFolder
)

// fileChooser asks for a file to save or open, or for a folder.
type fileChooser struct {
	win     fyne.Window
	mode    chooserMode
	name    string
	heading string // the title, when the caller gives one
	hint    string // the help line, when the caller gives one
	filter  storage.FileFilter
	exts    []string

	onSave   func(fyne.URIWriteCloser, error)
	onOpen   func(fyne.URIReadCloser, error)
	onFolder func(fyne.ListableURI, error)

	// The Chinese dialog, once shown.
	dir      string
	items    []folderItem
	chosen   string // the file picked in the list (open)
	places   []place
	shortcut []*widget.Button // one per place
	list     *widget.List
	where    *widget.Label
	fileName *widget.Entry
	confirm  *widget.Button
	dlg      *dialog.CustomDialog
}

// folderItem is one row of the folder list.
type folderItem struct {
	name  string
	isDir bool
}

// place is a shortcut on the left of the chooser.
type place struct {
	label string
	dir   string
}

func newFileSave(cb func(fyne.URIWriteCloser, error), w fyne.Window) *fileChooser {
	return &fileChooser{win: w, mode: chooseSave, onSave: cb}
}

func newFileOpen(cb func(fyne.URIReadCloser, error), w fyne.Window) *fileChooser {
	return &fileChooser{win: w, mode: chooseOpen, onOpen: cb}
}

func showFileOpen(cb func(fyne.URIReadCloser, error), w fyne.Window) *fileChooser {
	c := newFileOpen(cb, w)
	c.Show()
	return c
}

func showFolderOpen(cb func(fyne.ListableURI, error), w fyne.Window) *fileChooser {
	c := newFolderOpen(cb, w)
	c.Show()
	return c
}

// newFolderOpen is showFolderOpen without the Show, for a chooser given its
// own title and hint first.
func newFolderOpen(cb func(fyne.ListableURI, error), w fyne.Window) *fileChooser {
	return &fileChooser{win: w, mode: chooseFolder, onFolder: cb}
}

// SetTitle names what the chooser is for, in place of 选择文件夹 and the like.
func (c *fileChooser) SetTitle(title string) { c.heading = title }

// SetHint replaces the line of help under the folder list.
func (c *fileChooser) SetHint(hint string) { c.hint = hint }

// SetFileName sets the name a saved file is offered under.
func (c *fileChooser) SetFileName(name string) { c.name = name }

// SetFilter limits the files shown; an extension filter also gives a saved
// file its extension when the secretary typed none.
func (c *fileChooser) SetFilter(f storage.FileFilter) {
	c.filter = f
	if ef, ok := f.(*storage.ExtensionFileFilter); ok {
		c.exts = ef.Extensions
	}
}

// startIn makes the chooser open in dir.
func (c *fileChooser) startIn(dir string) { c.dir = dir }

func (c *fileChooser) title() string {
	if c.heading != "" {
		return c.heading
	}
	switch c.mode {
	case chooseOpen:
		return "打开文件"
	case chooseFolder:
		return "选择文件夹"
	}
	return "保存文件"
}

// Show asks the system's dialog first and falls back to the Chinese one.
func (c *fileChooser) Show() {
	if c.dir == "" {
		c.dir = startFolder()
	}
	if nativeDialogs && c.native() {
		return
	}
	c.showOwn()
}

// native runs zenity, the file dialog of GNOME and of the Chinese Linux
// desktops, when it is installed. A failure to start it falls back to the
// Chinese dialog.
func (c *fileChooser) native() bool {
	if runtime.GOOS != "linux" || os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return false
	}
	zenity, err := exec.LookPath("zenity")
	if err != nil {
		return false
	}
	args := []string{"--file-selection", "--title=" + c.title()}
	switch c.mode {
	case chooseSave:
		args = append(args, "--save", "--confirm-overwrite", "--filename="+filepath.Join(c.dir, c.name))
	case chooseFolder:
		args = append(args, "--directory", "--filename="+c.dir+string(filepath.Separator))
	default:
		args = append(args, "--filename="+c.dir+string(filepath.Separator))
	}
	if len(c.exts) > 0 {
		var globs []string
		for _, e := range c.exts {
			globs = append(globs, "*"+e)
		}
		args = append(args, "--file-filter="+strings.Join(globs, " "))
	}
	go func() {
		out, err := exec.Command(zenity, args...).Output()
		fyne.Do(func() {
			var exit *exec.ExitError
			switch {
			case err == nil:
				c.finish(strings.TrimSpace(string(out)))
			case errors.As(err, &exit) && exit.ExitCode() == 1:
				c.cancel() // the secretary closed it
			default:
				c.showOwn()
			}
		})
	}()
	return true
}

func (c *fileChooser) cancel() {
	switch c.mode {
	case chooseSave:
		c.onSave(nil, nil)
	case chooseOpen:
		c.onOpen(nil, nil)
	default:
		c.onFolder(nil, nil)
	}
}

// finish hands the chosen path to the caller as Fyne's dialog would.
func (c *fileChooser) finish(path string) {
	lastFolder = filepath.Dir(path)
	switch c.mode {
	case chooseSave:
		w, err := storage.Writer(storage.NewFileURI(path))
		c.onSave(w, err)
	case chooseOpen:
		r, err := storage.Reader(storage.NewFileURI(path))
		c.onOpen(r, err)
	default:
		lastFolder = path
		l, err := storage.ListerForURI(storage.NewFileURI(path))
		c.onFolder(l, err)
	}
}

func (c *fileChooser) showOwn() {
	c.places = places()
	var shortcuts []fyne.CanvasObject
	for _, p := range c.places {
		dir := p.dir
		icon := theme.FolderIcon()
		if strings.HasPrefix(p.label, "U盘") || strings.HasSuffix(p.label, "盘") {
			icon = theme.StorageIcon()
		}
		b := widget.NewButtonWithIcon(p.label, icon, func() { c.open(dir) })
		b.Alignment = widget.ButtonAlignLeading
		shortcuts = append(shortcuts, b)
		c.shortcut = append(c.shortcut, b)
	}
	up := widget.NewButtonWithIcon("上一级", theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) })
	c.where = widget.NewLabel("")
	c.where.Truncation = fyne.TextTruncateEllipsis
	c.list = widget.NewList(func() int { return len(c.items) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), nil, widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			it := c.items[id]
			row.Objects[0].(*widget.Label).SetText(it.name)
			icon := theme.FileIcon()
			if it.isDir {
				icon = theme.FolderIcon()
			}
			row.Objects[1].(*widget.Icon).SetResource(icon)
		})
	c.list.OnSelected = func(id widget.ListItemID) { c.pick(id) }
	var bottom fyne.CanvasObject
	verb := "打开"
	switch c.mode {
	case chooseSave:
		verb = "保存"
		c.fileName = widget.NewEntry()
		c.fileName.SetText(c.name)
		c.fileName.OnSubmitted = func(string) { c.accept() }
		bottom = container.NewBorder(nil, nil, widget.NewLabel("文件名"), nil, c.fileName)
	case chooseFolder:
		verb = "选择此文件夹"
		hint := c.hint
		if hint == "" {
			hint = "打开要用的文件夹（如U盘），再点“选择此文件夹”。"
		}
		bottom = hintLabel(hint)
	default:
		bottom = hintLabel("点选文件后点“打开”，双击文件夹进入。")
	}
	c.confirm = widget.NewButtonWithIcon(verb, theme.ConfirmIcon(), c.accept)
	c.confirm.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() {
		c.dlg.Hide()
		c.cancel()
	})
	left := container.NewVBox(append([]fyne.CanvasObject{widget.NewLabelWithStyle("常用位置", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}, shortcuts...)...)
	body := container.NewBorder(container.NewBorder(nil, nil, up, nil, c.where), bottom, nil, nil, c.list)
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, c.confirm), nil, nil,
		container.NewBorder(nil, nil, container.NewHBox(left, widget.NewSeparator()), nil, body))
	c.dlg = dialog.NewCustomWithoutButtons(c.title(), content, c.win)
	c.dlg.Resize(fyne.NewSize(760, 500))
	c.open(c.dir)
	c.dlg.Show()
}

// open shows the folder dir in the list.
func (c *fileChooser) open(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		showInfo("无法打开文件夹", "无法打开“"+c.display(dir)+"”：没有权限，或U盘已拔出。", c.win)
		return
	}
	c.dir, c.chosen = dir, ""
	c.items = c.items[:0]
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		isDir := e.IsDir()
		if !isDir && e.Type()&os.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
				isDir = st.IsDir()
			}
		}
		if !isDir && (c.mode == chooseFolder || c.filter != nil && !c.filter.Matches(storage.NewFileURI(filepath.Join(dir, e.Name())))) {
			continue
		}
		c.items = append(c.items, folderItem{e.Name(), isDir})
	}
	sort.SliceStable(c.items, func(i, j int) bool {
		if c.items[i].isDir != c.items[j].isDir {
			return c.items[i].isDir
		}
		return c.items[i].name < c.items[j].name
	})
	c.where.SetText(c.display(dir))
	c.list.UnselectAll()
	c.list.Refresh()
	c.list.ScrollToTop()
}

// pick is a tap on a row: a folder opens, a file is chosen (its name goes
// into the name entry when saving, to replace it).
func (c *fileChooser) pick(id widget.ListItemID) {
	if id < 0 || id >= len(c.items) {
		return
	}
	it := c.items[id]
	if it.isDir {
		c.open(filepath.Join(c.dir, it.name))
		return
	}
	c.chosen = it.name
	if c.fileName != nil {
		c.fileName.SetText(it.name)
	}
}

// accept is the 保存 / 打开 / 选择此文件夹 button.
func (c *fileChooser) accept() {
	switch c.mode {
	case chooseFolder:
		c.dlg.Hide()
		c.finish(c.dir)
	case chooseOpen:
		if c.chosen == "" {
			showInfo("请选择文件", "请先在列表中点选要打开的文件。", c.win)
			return
		}
		c.dlg.Hide()
		c.finish(filepath.Join(c.dir, c.chosen))
	default:
		name := strings.TrimSpace(c.fileName.Text)
		if name == "" || strings.ContainsAny(name, `/\:*?"<>|`) {
			showInfo("文件名不可用", "请填写文件名，不能含有 / \\ : * ? \" < > | 这些符号。", c.win)
			return
		}
		if len(c.exts) > 0 && !hasExt(name, c.exts) {
			name += c.exts[0]
		}
		path := filepath.Join(c.dir, name)
		if _, err := os.Stat(path); err == nil {
			d := dialog.NewConfirm("文件已存在", "“"+name+"”已经存在，要替换它吗？", func(ok bool) {
				if ok {
					c.dlg.Hide()
					c.finish(path)
				}
			}, c.win)
			d.SetConfirmText("替换")
			d.SetDismissText("取消")
			d.Show()
			return
		}
		c.dlg.Hide()
		c.finish(path)
	}
}

func hasExt(name string, exts []string) bool {
	for _, e := range exts {
		if strings.EqualFold(filepath.Ext(name), e) {
			return true
		}
	}
	return false
}

// display names a folder by the place it is in (桌面 › 月度台账) rather than
// by its path, where the place is known.
func (c *fileChooser) display(dir string) string {
	best := place{}
	for _, p := range c.places {
		if (dir == p.dir || strings.HasPrefix(dir, p.dir+string(filepath.Separator))) && len(p.dir) > len(best.dir) {
			best = p
		}
	}
	if best.dir == "" {
		return dir
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(dir, best.dir), string(filepath.Separator))
	if rest == "" {
		return best.label
	}
	return best.label + " › " + strings.ReplaceAll(rest, string(filepath.Separator), " › ")
}

// startFolder is the folder the previous file was chosen in, else the desktop.
func startFolder() string {
	if st, err := os.Stat(lastFolder); lastFolder != "" && err == nil && st.IsDir() {
		return lastFolder
	}
	for _, p := range places() {
		if p.label == "桌面" {
			return p.dir
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return string(filepath.Separator)
}

// places are the chooser's shortcuts that exist on this computer: 桌面, 文档,
// 下载, 主文件夹, then the removable disks (U盘) and, on Windows, the drives.
func places() []place {
	home, err := os.UserHomeDir()
	var out []place
	if err == nil {
		xdg := userDirs(home)
		for _, p := range []struct {
			label, key string
			names      []string
		}{
			{"桌面", "XDG_DESKTOP_DIR", []string{"桌面", "Desktop"}},
			{"文档", "XDG_DOCUMENTS_DIR", []string{"文档", "Documents"}},
			{"下载", "XDG_DOWNLOAD_DIR", []string{"下载", "Downloads"}},
		} {
			cands := p.names
			if d := xdg[p.key]; d != "" {
				cands = append([]string{d}, cands...)
			}
			for _, n := range cands {
				dir := n
				if !filepath.IsAbs(dir) {
					dir = filepath.Join(home, n)
				}
				if st, err := os.Stat(dir); err == nil && st.IsDir() && dir != home {
					out = append(out, place{p.label, dir})
					break
				}
			}
		}
		out = append(out, place{"主文件夹", home})
	}
	return append(out, removable()...)
}

// userDirs reads the desktop's own names of its folders (user-dirs.dirs),
// e.g. XDG_DESKTOP_DIR="$HOME/桌面".
func userDirs(home string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(filepath.Join(home, ".config", "user-dirs.dirs"))
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok || strings.HasPrefix(k, "#") {
			continue
		}
		v = strings.ReplaceAll(strings.Trim(v, `"`), "$HOME", home)
		out[k] = v
	}
	return out
}

// removable lists the mounted U盘: the folders the desktop mounts them in on
// Linux, the drive letters other than C on Windows.
func removable() []place {
	var out []place
	if runtime.GOOS == "windows" {
		for l := 'D'; l <= 'Z'; l++ {
			root := string(l) + `:\`
			if _, err := os.Stat(root); err == nil {
				out = append(out, place{string(l) + "盘", root})
			}
		}
		return out
	}
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	for _, base := range []string{filepath.Join("/media", name), filepath.Join("/run/media", name)} {
		entries, err := os.ReadDir(base)
		if err != nil || name == "" {
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, place{"U盘 " + e.Name(), filepath.Join(base, e.Name())})
			}
		}
	}
	return out
}
