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
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
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
