package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
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
	"size":        bundle.HumanSize,
	"verdict":     verdictLabel,
	"role":        hubstore.RoleLabel,
	"fingerprint": keyFingerprint,
}).ParseFS(templateFS, "templates/*.html"))

// keyFingerprint is the township key's fingerprint as the township app
// shows it (first 16 hex digits of the SHA-256, in groups of four), so the
// two can be compared on the phone.
func keyFingerprint(pub []byte) string {
	s := sha256.Sum256(pub)
	h := strings.ToUpper(hex.EncodeToString(s[:8]))
	return h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16]
}

func verdictLabel(v string) string {
	switch v {
	case "accepted":
		return "已接收"
	case "returned":
		return "退回"
	}
	return "待审核"
}

// Handler serves the API and the county's web page. The township API is
// authenticated by the townships' signatures (see api.go); every page and
// download needs a clerk's session, and every state-changing request is
// refused when a browser says it comes from another site.
func (h *Hub) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/ping", h.apiPing)
	mux.HandleFunc("GET /api/v1/bundles/{id}", h.apiBundle)
	mux.HandleFunc("GET /api/v1/townships/{code}", h.apiTownship)
	mux.HandleFunc("GET /api/v1/townships/{code}/verdicts", h.apiVerdicts)
	mux.HandleFunc("GET /api/v1/townships/{code}/notices", h.apiNotices)
	mux.HandleFunc("GET /api/v1/county-key", h.apiCountyKey)
	mux.HandleFunc("HEAD /api/v1/uploads/{id}", h.apiHead)
	mux.HandleFunc("PATCH /api/v1/uploads/{id}", h.apiPatch)
	mux.HandleFunc("GET /login", h.loginPage)
	mux.HandleFunc("POST /login", h.loginPost)
	view, review := hubstore.RoleViewer, hubstore.RoleReviewer
	mux.HandleFunc("POST /logout", h.requireSession(view, h.logout))
	mux.HandleFunc("GET /{$}", h.requireSession(view, h.pageMatrix))
	mux.HandleFunc("GET /bundle/{id}", h.requireSession(view, h.pageBundle))
	mux.HandleFunc("GET /bundle/{id}/download", h.requireSession(view, h.download))
	mux.HandleFunc("POST /bundle/{id}/verdict", h.requireSession(review, h.verdict))
	mux.HandleFunc("GET /summary", h.requireSession(view, h.summary))
	mux.HandleFunc("POST /import", h.requireSession(review, h.importForm))
	mux.HandleFunc("GET /audit", h.requireSession(view, h.pageAudit))
	mux.HandleFunc("GET /townships", h.requireSession(view, h.pageTownships))
	mux.HandleFunc("POST /townships/enrol", h.requireSession(review, h.enrolForm))
	mux.HandleFunc("GET /townships/{code}/reply", h.requireSession(view, h.enrolReplyDownload))
	mux.HandleFunc("POST /townships/{code}/revoke", h.requireSession(review, h.revokeForm))
	mux.HandleFunc("GET /notices", h.requireSession(view, h.pageNotices))
	mux.HandleFunc("POST /notices", h.requireSession(review, h.publishForm))
	mux.HandleFunc("GET /notices/template", h.requireSession(view, h.rulesTemplate))
	mux.HandleFunc("GET /notices/{serial}/download", h.requireSession(view, h.noticeDownload))
	mux.HandleFunc("/", h.requireSession(view, http.NotFound))
	return http.NewCrossOriginProtection().Handler(securityHeaders(mux))
}

// securityHeaders keeps the pages out of other sites' frames and stops
// browsers guessing content types.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
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

func (h *Hub) render(w http.ResponseWriter, status int, name string, data map[string]any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "页面生成出错", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// page renders a page for the signed-in clerk (shown in the header).
func (h *Hub) page(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	data["User"] = account(r)
	h.render(w, http.StatusOK, name, data)
}

func (h *Hub) message(w http.ResponseWriter, r *http.Request, title, text, back string) {
	h.page(w, r, "message.html", map[string]any{"Title": title, "Text": text, "Back": back})
}

func (h *Hub) pageAudit(w http.ResponseWriter, r *http.Request) {
	es, err := h.store.Events(r.Context(), 500)
	if err != nil {
		http.Error(w, "读取数据出错", http.StatusInternalServerError)
		return
	}
	h.page(w, r, "audit.html", map[string]any{"Events": es})
}

func (h *Hub) pageTownships(w http.ResponseWriter, r *http.Request) {
	ts, err := h.store.Townships(r.Context())
	if err != nil {
		http.Error(w, "读取数据出错", http.StatusInternalServerError)
		return
	}
	h.page(w, r, "townships.html", map[string]any{"Townships": ts, "HubKey": h.KeyFingerprint()})
}

func (h *Hub) enrolForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f, _, err := r.FormFile("file")
	if err != nil {
		h.message(w, r, "登记失败", "没有收到登记申请文件，或文件过大。", "/townships")
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	req, err := h.Enrol(r.Context(), data, account(r).Name)
	if err != nil {
		h.message(w, r, "登记失败", err.Error(), "/townships")
		return
	}
	h.message(w, r, "已登记", req.TownshipName+"（"+req.TownshipCode+"），密钥指纹 "+req.Fingerprint+"。请与乡镇电话核对指纹，并在“乡镇登记”页下载该乡镇的“登记回执”交乡镇导入。", "/townships")
}

func (h *Hub) revokeForm(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := h.Revoke(r.Context(), code, account(r).Name); err != nil {
		h.message(w, r, "撤销失败", "没有这个已登记的乡镇，或已撤销。", "/townships")
		return
	}
	http.Redirect(w, r, "/townships", http.StatusSeeOther)
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
	h.page(w, r, "matrix.html", map[string]any{
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
	h.page(w, r, "bundle.html", map[string]any{"B": b, "Figures": figs.Figures, "CanReview": account(r).Role == hubstore.RoleReviewer})
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
	h.audit(r.Context(), account(r).Name, "下载上报包", b.ID, b.Title, remoteIP(r))
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
		h.message(w, r, "请填写退回原因", "退回时必须说明原因，乡镇会在下次连接时看到。", "/bundle/"+id)
		return
	}
	if err := h.store.SetVerdict(r.Context(), id, v, reason, h.Now()); err != nil {
		http.NotFound(w, r)
		return
	}
	h.audit(r.Context(), account(r).Name, "审核", id, verdictLabel(v)+" "+reason, remoteIP(r))
	http.Redirect(w, r, "/bundle/"+id, http.StatusSeeOther)
}

func (h *Hub) importForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, bundle.MaxBundleSize+1<<20)
	f, _, err := r.FormFile("file")
	if err != nil {
		h.message(w, r, "导入失败", "没有收到文件，或文件超过大小上限。", "/")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, bundle.MaxBundleSize+1))
	if err != nil {
		h.message(w, r, "导入失败", "文件读取中断，请重试。", "/")
		return
	}
	rec, err := h.Accept(r.Context(), data, "U盘")
	var re *bundle.RefusedError
	who := account(r).Name
	switch {
	case errors.As(err, &re):
		h.audit(r.Context(), who, "导入（拒收）", "", re.Reason, remoteIP(r))
		h.message(w, r, "已拒收", re.Reason, "/")
	case err != nil:
		h.message(w, r, "导入失败", "保存时出错，请重试。", "/")
	default:
		h.audit(r.Context(), who, "导入", rec.BundleID, "回执号 "+rec.Number, remoteIP(r))
		h.message(w, r, "已接收", "回执号 "+rec.Number, "/bundle/"+rec.BundleID)
	}
}

// SummaryRow is one township's figures in the county summary.
type SummaryRow struct {
	Code, Name string
	Version    int
	Values     map[string]float64
	// Returned marks a township whose newest version the county returned:
	// its figures are shown apart and left out of the totals.
	Returned bool
	Reason   string
}

// Summary adds up the newest version of every township's figures for a
// kind and period: the totals (whose order is the column order, as the
// figures first appear) and each reporting township's row. The newest
// version is the one the matrix links (versions are unique per report); one
// the county returned is listed after the others with Returned set and is
// not in the totals.
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
	var returned []SummaryRow
	for _, t := range ts {
		b, ok := latest[t.Code]
		if !ok {
			continue
		}
		var f bundle.Figures
		if err := json.Unmarshal([]byte(b.Figures), &f); err != nil {
			return nil, nil, fmt.Errorf("hub: figures of %s: %w", b.ID, err)
		}
		row := SummaryRow{Code: t.Code, Name: t.Name, Version: b.Version, Values: map[string]float64{}}
		for _, x := range f.Figures {
			row.Values[x.Key] += x.Value
		}
		if b.Verdict == "returned" {
			row.Returned, row.Reason = true, b.VerdictReason
			returned = append(returned, row)
			all = append(all, bundle.Figures{Figures: zeroed(f.Figures)}) // keep its columns
			continue
		}
		all = append(all, f)
		rows = append(rows, row)
	}
	return bundle.SumFigures(all), append(rows, returned...), nil
}

func zeroed(fs []bundle.Figure) []bundle.Figure {
	out := make([]bundle.Figure, len(fs))
	for i, f := range fs {
		f.Value = 0
		out[i] = f
	}
	return out
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
	var counted, apart []SummaryRow
	for _, r := range rows {
		if r.Returned {
			apart = append(apart, r)
		} else {
			counted = append(counted, r)
		}
	}
	rows = counted
	sub := fmt.Sprintf("已报乡镇 %d 个，共 %d 个；制表日期 %s", len(rows), len(ts), h.Now().In(calendar.Beijing).Format("2006年1月2日"))
	if len(apart) > 0 {
		sub += fmt.Sprintf("；另有 %d 个乡镇的上报包已退回，列在合计下方，未计入合计", len(apart))
	}
	f.SetCellValue(sheet, "A2", sub)
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
	for i, r := range apart {
		vals := []any{r.Name + "（已退回，未计入）", r.Code, r.Version}
		for _, c := range cols {
			vals = append(vals, r.Values[c.Key])
		}
		vals = append(vals, "退回原因："+r.Reason)
		cell, _ := excelize.CoordinatesToCellName(1, 6+len(rows)+i)
		f.SetSheetRow(sheet, cell, &vals)
	}
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
	h.audit(r.Context(), account(r).Name, "下载汇总表", string(k)+" "+period, "", remoteIP(r))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="summary-%s-%s.xlsx"`, k, period))
	w.Write(buf.Bytes())
}
