package hub

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub/hubstore"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"period": bundle.PeriodLabel,
	"kind":   func(k string) string { return bundle.Kind(k).Label() },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Beijing).Format("2006年1月2日 15:04")
	},
	"size":    bundle.HumanSize,
	"verdict": verdictLabel,
}).ParseFS(templateFS, "templates/*.html"))

func verdictLabel(v string) string {
	switch v {
	case "accepted":
		return "已接收"
	case "returned":
		return "退回"
	}
	return "待审核"
}

// Handler serves the API and the county's web page.
func (h *Hub) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/ping", h.apiPing)
	mux.HandleFunc("GET /api/v1/bundles/{id}", h.apiBundle)
	mux.HandleFunc("GET /api/v1/townships/{code}", h.apiTownship)
	mux.HandleFunc("HEAD /api/v1/uploads/{id}", h.apiHead)
	mux.HandleFunc("PATCH /api/v1/uploads/{id}", h.apiPatch)
	mux.HandleFunc("GET /{$}", h.pageMatrix)
	mux.HandleFunc("GET /bundle/{id}", h.pageBundle)
	mux.HandleFunc("GET /bundle/{id}/download", h.download)
	mux.HandleFunc("POST /bundle/{id}/verdict", h.verdict)
	mux.HandleFunc("GET /summary", h.summary)
	mux.HandleFunc("POST /import", h.importForm)
	return mux
}

// Cell is one township × month of the completeness matrix.
type Cell struct {
	Class    string // ontime, late, missing, overdue, future
	Text     string // 按时, 逾期报, 未报, 逾期, —
	BundleID string
	Version  int
	Verdict  string
}

// Row is one township of the matrix.
type Row struct {
	Code, Name string
	Cells      []Cell
}

// Matrix is the completeness table for one kind and year.
type Matrix struct {
	Kind    string
	Year    int
	Periods []string
	Rows    []Row
	// Rate per month: reported / townships, as text (e.g. 10/12).
	Rates []string
}

// Deadline is when a monthly report for period is due at this hub.
func (h *Hub) Deadline(period calendar.Month) time.Time {
	return calendar.ReportDue(period, h.DeadlineDay)
}

// Matrix builds the completeness table: for each enrolled township and month
// the newest version decides the cell; on time means the first version
// arrived by the deadline.
func (h *Hub) Matrix(ctx context.Context, kind string, year int) (Matrix, error) {
	m := Matrix{Kind: kind, Year: year}
	months := calendar.NewMonth(year, time.January).Through(calendar.NewMonth(year, time.December))
	for _, mo := range months {
		m.Periods = append(m.Periods, mo.String())
	}
	ts, err := h.store.Townships(ctx)
	if err != nil {
		return m, err
	}
	bs, err := h.store.Bundles(ctx, kind)
	if err != nil {
		return m, err
	}
	type key struct{ code, period string }
	latest := map[key]hubstore.Bundle{}
	first := map[key]time.Time{}
	for _, b := range bs {
		k := key{b.TownshipCode, b.Period}
		if f, ok := first[k]; !ok || b.ReceivedAt.Before(f) {
			first[k] = b.ReceivedAt
		}
		if l, ok := latest[k]; !ok || b.Version > l.Version {
			latest[k] = b
		}
	}
	now := h.Now()
	reported := make([]int, 12)
	for _, t := range ts {
		row := Row{Code: t.Code, Name: t.Name}
		for i, p := range m.Periods {
			k := key{t.Code, p}
			monthEnd := months[i].End(calendar.Beijing)
			dl := h.Deadline(months[i])
			var c Cell
			if b, ok := latest[k]; ok {
				reported[i]++
				c = Cell{Class: "ontime", Text: "按时", BundleID: b.ID, Version: b.Version, Verdict: b.Verdict}
				if first[k].After(dl) {
					c.Class, c.Text = "late", "逾期报"
				}
			} else {
				switch {
				case now.Before(monthEnd):
					c = Cell{Class: "future", Text: "—"}
				case now.After(dl):
					c = Cell{Class: "overdue", Text: "逾期"}
				default:
					c = Cell{Class: "missing", Text: "未报"}
				}
			}
			row.Cells = append(row.Cells, c)
		}
		m.Rows = append(m.Rows, row)
	}
	for i := range m.Periods {
		if now.Before(months[i].End(calendar.Beijing)) {
			m.Rates = append(m.Rates, "")
			continue
		}
		m.Rates = append(m.Rates, fmt.Sprintf("%d/%d", reported[i], len(ts)))
	}
	return m, nil
}

func (h *Hub) render(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "页面生成出错", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (h *Hub) pageMatrix(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		year = calendar.MonthOf(h.Now()).Year()
	}
	kind := r.URL.Query().Get("kind")
	if _, ok := bundle.ParseKind(kind); !ok || kind == string(bundle.Assessment) {
		kind = string(bundle.Ledger)
	}
	m, err := h.Matrix(r.Context(), kind, year)
	if err != nil {
		http.Error(w, "读取数据出错", http.StatusInternalServerError)
		return
	}
	bs, _ := h.store.Recent(r.Context(), 30)
	h.render(w, "matrix.html", map[string]any{
		"M": m, "Now": h.Now(), "Kinds": []bundle.Kind{bundle.Ledger, bundle.Roster, bundle.Register},
		"Prev": year - 1, "Next": year + 1, "Recent": bs, "DeadlineDay": h.DeadlineDay,
		"SummaryPeriod": calendar.MonthOf(h.Now()).Prev().String(),
	})
}

func (h *Hub) pageBundle(w http.ResponseWriter, r *http.Request) {
	b, err := h.store.Bundle(r.Context(), r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	var figs bundle.Figures
	json.Unmarshal([]byte(b.Figures), &figs)
	h.render(w, "bundle.html", map[string]any{"B": b, "Figures": figs.Figures})
}

func (h *Hub) download(w http.ResponseWriter, r *http.Request) {
	b, err := h.store.Bundle(r.Context(), r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(filepath.Join(h.dir, filepath.FromSlash(b.File)))
	if err != nil {
		http.Error(w, "文件不存在", http.StatusNotFound)
		return
	}
	defer f.Close()
	name := fmt.Sprintf("%s-%s-%s-v%d.zip", b.TownshipCode, b.Kind, b.Period, b.Version)
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	io.Copy(w, f)
}

func (h *Hub) verdict(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	v, reason := r.FormValue("verdict"), strings.TrimSpace(r.FormValue("reason"))
	if v != "accepted" && v != "returned" {
		http.Error(w, "审核结果无效", http.StatusBadRequest)
		return
	}
	if v == "returned" && reason == "" {
		h.render(w, "message.html", map[string]any{"Title": "请填写退回原因", "Text": "退回时必须说明原因，乡镇会在下次连接时看到。", "Back": "/bundle/" + id})
		return
	}
	if err := h.store.SetVerdict(r.Context(), id, v, reason, h.Now()); err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, "/bundle/"+id, http.StatusSeeOther)
}

func (h *Hub) importForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, bundle.MaxBundleSize+1<<20)
	f, _, err := r.FormFile("file")
	if err != nil {
		h.render(w, "message.html", map[string]any{"Title": "导入失败", "Text": "没有收到文件，或文件超过大小上限。", "Back": "/"})
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, bundle.MaxBundleSize+1))
	if err != nil {
		h.render(w, "message.html", map[string]any{"Title": "导入失败", "Text": "文件读取中断，请重试。", "Back": "/"})
		return
	}
	rec, err := h.Accept(r.Context(), data, "U盘")
	var re *bundle.RefusedError
	switch {
	case errors.As(err, &re):
		h.render(w, "message.html", map[string]any{"Title": "已拒收", "Text": re.Reason, "Back": "/"})
	case err != nil:
		h.render(w, "message.html", map[string]any{"Title": "导入失败", "Text": "保存时出错，请重试。", "Back": "/"})
	default:
		h.render(w, "message.html", map[string]any{"Title": "已接收", "Text": "回执号 " + rec.Number, "Back": "/bundle/" + rec.BundleID})
	}
}

// SummaryRow is one township's figures in the county summary.
type SummaryRow struct {
	Code, Name string
	Version    int
	Values     map[string]float64
}

// Summary adds up the newest version of every township's figures for a
// kind and period: the totals (whose order is the column order, as the
// figures first appear) and each reporting township's row.
func (h *Hub) Summary(ctx context.Context, kind, period string) (total []bundle.Figure, rows []SummaryRow, err error) {
	ts, err := h.store.Townships(ctx)
	if err != nil {
		return nil, nil, err
	}
	bs, err := h.store.Bundles(ctx, kind)
	if err != nil {
		return nil, nil, err
	}
	latest := map[string]hubstore.Bundle{}
	for _, b := range bs {
		if b.Period == period && b.Version >= latest[b.TownshipCode].Version {
			latest[b.TownshipCode] = b
		}
	}
	var all []bundle.Figures
	for _, t := range ts {
		b, ok := latest[t.Code]
		if !ok {
			continue
		}
		var f bundle.Figures
		if err := json.Unmarshal([]byte(b.Figures), &f); err != nil {
			return nil, nil, fmt.Errorf("hub: figures of %s: %w", b.ID, err)
		}
		all = append(all, f)
		row := SummaryRow{Code: t.Code, Name: t.Name, Version: b.Version, Values: map[string]float64{}}
		for _, x := range f.Figures {
			row.Values[x.Key] += x.Value
		}
		rows = append(rows, row)
	}
	return bundle.SumFigures(all), rows, nil
}

// SummaryWorkbook writes the county summary as an xlsx.
func (h *Hub) SummaryWorkbook(ctx context.Context, w io.Writer, kind, period string) error {
	cols, rows, err := h.Summary(ctx, kind, period)
	if err != nil {
		return err
	}
	ts, _ := h.store.Townships(ctx)
	f := excelize.NewFile()
	defer f.Close()
	sheet := "县级汇总"
	f.SetSheetName("Sheet1", sheet)
	title := bundle.PeriodLabel(period) + bundle.Kind(kind).Label() + "县级汇总表"
	last, _ := excelize.ColumnNumberToName(len(cols) + 3)
	f.SetCellValue(sheet, "A1", title)
	f.MergeCell(sheet, "A1", last+"1")
	f.SetCellValue(sheet, "A2", fmt.Sprintf("已报乡镇 %d 个，共 %d 个；制表日期 %s", len(rows), len(ts), h.Now().In(calendar.Beijing).Format("2006年1月2日")))
	f.MergeCell(sheet, "A2", last+"2")
	header := []any{"乡镇", "行政区划代码", "版本"}
	for _, c := range cols {
		l := c.Label
		if c.Unit != "" {
			l += "（" + c.Unit + "）"
		}
		header = append(header, l)
	}
	f.SetSheetRow(sheet, "A3", &header)
	for i, r := range rows {
		vals := []any{r.Name, r.Code, r.Version}
		for _, c := range cols {
			vals = append(vals, r.Values[c.Key])
		}
		cell, _ := excelize.CoordinatesToCellName(1, 4+i)
		f.SetSheetRow(sheet, cell, &vals)
	}
	tot := []any{"合计", "", ""}
	for _, c := range cols {
		tot = append(tot, c.Value)
	}
	cell, _ := excelize.CoordinatesToCellName(1, 4+len(rows))
	f.SetSheetRow(sheet, cell, &tot)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	f.SetCellStyle(sheet, "A1", "A1", bold)
	f.SetColWidth(sheet, "A", "A", 14)
	f.SetColWidth(sheet, "B", "B", 16)
	end, _ := excelize.ColumnNumberToName(len(cols) + 3)
	f.SetColWidth(sheet, "D", end, 14)
	return f.Write(w)
}

func (h *Hub) summary(w http.ResponseWriter, r *http.Request) {
	kind, period := r.URL.Query().Get("kind"), r.URL.Query().Get("period")
	k, ok := bundle.ParseKind(kind)
	if !ok || !k.ValidPeriod(period) {
		http.Error(w, "报表类型或期间无效", http.StatusBadRequest)
		return
	}
	var buf bytes.Buffer
	if err := h.SummaryWorkbook(r.Context(), &buf, string(k), period); err != nil {
		http.Error(w, "汇总表生成出错", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="summary-%s-%s.xlsx"`, k, period))
	w.Write(buf.Bytes())
}
