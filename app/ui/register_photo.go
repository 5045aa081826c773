package ui

import (
	"errors"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/photo"
	"deputydesk/store"
)

// photoPanel shows a deputy's photo in the form, with buttons to choose a
// JPEG/PNG file or remove it. A photo is stored at once (it has its own
// change-log entry), so a new deputy is saved before a photo can be added.
type photoPanel struct {
	mw     *MainWindow
	id     string
	img    *canvas.Image
	note   *widget.Label
	choose *widget.Button
	remove *widget.Button
	box    fyne.CanvasObject
}

func newPhotoPanel(mw *MainWindow, deputyID string) *photoPanel {
	p := &photoPanel{mw: mw, id: deputyID}
	p.img = canvas.NewImageFromResource(theme.AccountIcon())
	p.img.FillMode = canvas.ImageFillContain
	p.img.SetMinSize(fyne.NewSize(96, 128))
	p.note = widget.NewLabel("")
	p.note.Wrapping = fyne.TextWrapWord
	p.choose = widget.NewButtonWithIcon("选择照片…", theme.FolderOpenIcon(), p.chooseFile)
	p.remove = widget.NewButtonWithIcon("删除照片", theme.DeleteIcon(), p.Remove)
	frame := container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)), p.img)
	p.box = container.NewBorder(nil, nil, frame, nil, container.NewVBox(p.choose, p.remove, p.note))
	p.load()
	return p
}

// load shows the stored photo, or the placeholder and why there is none.
func (p *photoPanel) load() {
	p.img.Resource = theme.AccountIcon()
	p.remove.Disable()
	switch {
	case p.id == "":
		p.choose.Disable()
		p.note.SetText("保存代表信息后即可添加照片。")
	default:
		p.choose.Enable()
		ph, err := p.mw.db.DeputyPhoto(p.mw.ctx, p.id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			p.note.SetText("尚无照片。可选择 JPEG 或 PNG 图片，会自动裁成3:4的证件照比例。")
		case err != nil:
			p.note.SetText(store.UserMessage(err))
		default:
			p.img.Resource = fyne.NewStaticResource("photo-"+p.id+".jpg", ph.JPEG)
			p.remove.Enable()
			p.note.SetText("照片将印在代表信息公示牌上。")
		}
	}
	p.img.Refresh()
}

func (p *photoPanel) chooseFile() {
	d := newFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		p.SetPhoto(r)
	}, p.mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}))
	d.Show()
}

// SetPhoto crops, scales and stores a photo read from r, as 选择照片 does.
// A file that is not an image, or is huge, is refused with a message and
// the stored photo stays as it was.
func (p *photoPanel) SetPhoto(r io.Reader) error {
	jpg, err := photo.Prepare(r)
	if err == nil {
		err = p.mw.db.SetDeputyPhoto(p.mw.ctx, p.id, jpg)
	}
	if err != nil {
		if photo.IsRefused(err) {
			dialog.ShowError(err, p.mw.win)
		} else {
			showError(p.mw.win, "保存照片", err)
		}
		return err
	}
	p.load()
	p.mw.changed()
	return nil
}

// Remove deletes the stored photo.
func (p *photoPanel) Remove() {
	if err := p.mw.db.DeleteDeputyPhoto(p.mw.ctx, p.id); err != nil {
		showError(p.mw.win, "删除照片", err)
		return
	}
	p.load()
	p.mw.changed()
}

// thumbSize is a list row's photo: a 3:4 portrait as tall as the row.
var thumbSize = fyne.NewSize(27, 36)

// thumbCache gives the register list its small photos. Which deputies have
// one is read on every reload (IDs only); the bytes of a photo are read when
// its row is first drawn, so a long register costs nothing up front.
type thumbCache struct {
	mw  *MainWindow
	has map[string]bool
	res map[string]fyne.Resource
}

func newThumbCache(mw *MainWindow) *thumbCache {
	return &thumbCache{mw: mw, has: map[string]bool{}, res: map[string]fyne.Resource{}}
}

// reset forgets the photos after a change anywhere.
func (c *thumbCache) reset() {
	has, err := c.mw.db.DeputiesWithPhoto(c.mw.ctx)
	if err != nil {
		has = map[string]bool{} // rows show the placeholder; the list itself reports read errors
	}
	c.has, c.res = has, map[string]fyne.Resource{}
}

func (c *thumbCache) get(id string) fyne.Resource {
	if !c.has[id] {
		return nil
	}
	if r, ok := c.res[id]; ok {
		return r
	}
	ph, err := c.mw.db.DeputyPhoto(c.mw.ctx, id)
	if err != nil {
		return nil
	}
	r := fyne.NewStaticResource("thumb-"+id+"-"+ph.UpdatedAt.Format("20060102150405.000")+".jpg", ph.JPEG)
	c.res[id] = r
	return r
}

// withThumb puts a photo cell in front of a row of cells.
func withThumb(row *fyne.Container) *fyne.Container {
	img := canvas.NewImageFromResource(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(thumbSize)
	return container.NewBorder(nil, nil, img, nil, row)
}

// rowCells is the row of cells inside withThumb.
func rowCells(o fyne.CanvasObject) *fyne.Container {
	return o.(*fyne.Container).Objects[0].(*fyne.Container)
}

// set shows the deputy's photo (or nothing) in a withThumb row.
func (c *thumbCache) set(o fyne.CanvasObject, id string) {
	img := o.(*fyne.Container).Objects[1].(*canvas.Image)
	r := c.get(id)
	if img.Resource == r {
		return
	}
	img.Resource = r
	img.Refresh()
}
