package assessment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"deputydesk/app/assess"
	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

// Dossier is a deputy's 履职档案 for one year.
type Dossier struct {
	Year        int
	Deputy      store.Deputy
	Groups      []string
	Photo       []byte // JPEG, nil when none
	Duties      []store.Duty
	Stations    map[string]string // station ID → name
	Receptions  []store.Reception
	Cases       []store.Case
	Activities  []store.Activity
	Opinions    []store.Opinion
	Suggestions []store.Suggestion
	Liaison     []LiaisonVisit // 双联系 visits to the deputy in the year
	Shuzhi      []ShuzhiEntry  // the deputy's 述职 in the year with their 测评
	Assessment  assess.Year
	Result      assess.Result
	// Sites are the 民生实事 点位 the deputy is responsible for.
	Sites    []store.ProjectSite
	Assessed bool // false when the deputy held no office in the year

	// Referrals are the year's suggestions passed to or from the procuratorate.
	Referrals []store.Referral
}

// LoadDossier reads everything a deputy did in the year.
func LoadDossier(ctx context.Context, db *store.DB, year int, deputyID string) (Dossier, error) {
	ds := Dossier{Year: year, Stations: map[string]string{}}
	var err error
	if ds.Deputy, err = db.Deputy(ctx, deputyID); err != nil {
		return ds, err
	}
	groups, err := db.GroupNamesByDeputy(ctx)
	if err != nil {
		return ds, err
	}
	ds.Groups = groups[deputyID]
	if p, err := db.DeputyPhoto(ctx, deputyID); err == nil {
		ds.Photo = p.JPEG
	} else if !errors.Is(err, store.ErrNotFound) {
		return ds, err
	}
	from, to := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	if ds.Duties, err = db.Duties(ctx, store.DutyFilter{DeputyID: deputyID, From: from, To: to}); err != nil {
		return ds, err
	}
	sts, err := db.Stations(ctx)
	if err != nil {
		return ds, err
	}
	for _, s := range sts {
		ds.Stations[s.ID] = s.Name
	}
	if ds.Receptions, err = db.Receptions(ctx, store.ReceptionFilter{DeputyID: deputyID, From: from, To: to}); err != nil {
		return ds, err
	}
	if ds.Cases, err = db.Cases(ctx, store.CaseFilter{DeputyID: deputyID, From: from, To: to, Oldest: true}); err != nil {
		return ds, err
	}
	if ds.Activities, err = db.Activities(ctx, store.ActivityFilter{DeputyID: deputyID, From: from, To: to}); err != nil {
		return ds, err
	}
	rf := store.RecordFilter{DeputyID: deputyID, From: from, To: to}
	if ds.Opinions, err = db.Opinions(ctx, rf); err != nil {
		return ds, err
	}
	if ds.Suggestions, err = db.Suggestions(ctx, rf); err != nil {
		return ds, err
	}
	if ds.Referrals, err = loadReferrals(ctx, db, deputyID, ds.Suggestions); err != nil {
		return ds, err
	}
	if ds.Sites, err = db.ProjectSites(ctx, store.SiteFilter{Year: year, DeputyID: deputyID}); err != nil {
		return ds, err
	}
	if ds.Liaison, err = loadLiaison(ctx, db, deputyID, from, to); err != nil {
		return ds, err
	}
	if ds.Shuzhi, err = loadShuzhi(ctx, db, deputyID, year); err != nil {
		return ds, err
	}
	if ds.Assessment, err = assess.Load(ctx, db, year); err != nil {
		return ds, err
	}
	ds.Result, ds.Assessed = ds.Assessment.Find(deputyID)
	return ds, nil
}

// WriteDossier prints the 履职档案: basic data with the photo, then every
// duty, reception, matter raised, activity, 社情民意 and 代表建议 of the year,
// and the year's assessment with its score table.
func WriteDossier(w io.Writer, ds Dossier, meta Meta) error {
	dep := ds.Deputy
	d, err := pdfdoc.New(pdfdoc.Options{Title: fmt.Sprintf("%s %d年度履职档案", dep.Name, ds.Year), Unit: meta.Unit, Date: meta.Date,
		Margin: 15, NoCompress: meta.NoCompress})
	if err != nil {
		return err
	}
	if !ds.Assessment.Final {
		markDraft(d)
	}
	d.AddPage()
	y := d.Title(fmt.Sprintf("人大代表履职档案（%d年度）", ds.Year), 18, 18) + 4
	m := d.Opts.Margin
	cw := d.ContentWidth()

	// Basic data: a label/value grid on the left, the photo on the right.
	photoW, photoH := 33.0, 44.0
	gridW := cw - photoW - 4
	basic := [][2]string{
		{"姓名", dep.Name}, {"性别", dep.Gender}, {"民族", dep.Ethnicity}, {"出生年月", store.FormatDate(dep.BirthDate)},
		{"政治面貌", dep.Party}, {"文化程度", dep.Education}, {"代表层级", dep.Levels.String()}, {"代表证号", dep.CertNo},
		{"工作单位及职务", strings.TrimSpace(dep.WorkUnit + " " + dep.Post)}, {"联系电话", dep.Phone},
		{"选区", dep.District}, {"所在代表小组", strings.Join(ds.Groups, "、")}, {"状态", dep.Status + statusNote(dep)},
	}
	d.SetFont(10.5, false)
	lw, rowH := 28.0, 7.0
	py := y
	half := gridW / 2
	for i := 0; i < len(basic); {
		wide := len([]rune(basic[i][1])) > 12 || i == len(basic)-1
		if wide {
			d.SetXY(m, y)
			d.SetFillColor(240, 240, 240)
			d.CellFormat(lw, rowH, basic[i][0], "1", 0, "C", true, 0, "")
			d.CellFormat(gridW-lw, rowH, basic[i][1], "1", 0, "L", false, 0, "")
			i++
		} else {
			for k := 0; k < 2 && i < len(basic); k++ {
				d.SetXY(m+float64(k)*half, y)
				d.SetFillColor(240, 240, 240)
				d.CellFormat(lw, rowH, basic[i][0], "1", 0, "C", true, 0, "")
				d.CellFormat(half-lw, rowH, basic[i][1], "1", 0, "L", false, 0, "")
				i++
				if i < len(basic) && len([]rune(basic[i][1])) > 12 {
					break
				}
			}
		}
		y += rowH
	}
	px := m + cw - photoW
	if len(ds.Photo) > 0 {
		d.RegisterImageOptionsReader("photo", gofpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(ds.Photo))
		d.ImageOptions("photo", px, py, photoW, photoH, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
		d.Rect(px, py, photoW, photoH, "D")
	} else {
		d.Rect(px, py, photoW, photoH, "D")
		d.SetXY(px, py+photoH/2-3)
		d.CellFormat(photoW, 6, "（无照片）", "", 0, "C", false, 0, "")
	}
	y = max(y, py+photoH) + 4

	section := func(title string) {
		if y+20 > d.FooterTop() {
			d.AddPage()
			y = m
		}
		d.SetFont(13, true)
		d.SetXY(m, y)
		d.CellFormat(cw, 8, title, "", 0, "L", false, 0, "")
		y += 9
	}
	none := func(text string) {
		d.SetFont(10.5, false)
		d.SetXY(m+4, y)
		d.CellFormat(cw, 6, text, "", 0, "L", false, 0, "")
		y += 8
	}
	newPage := func() float64 { return m }

	// Summary line so the reader sees the year at a glance.
	present, absent := 0, 0
	for _, du := range ds.Duties {
		switch mark := du.Marks[dep.ID]; mark.Status {
		case store.AttendPresent:
			present++
		case store.AttendAbsent:
			absent++
		}
	}
	section("一、年度履职概况")
	d.SetFont(10.5, false)
	y = d.Lines(d.Wrap(fmt.Sprintf("　　本年度排定值班 %d 次（到岗 %d 次，缺席 %d 次），参加接待 %d 次，收集群众反映事项 %d 件，参加履职活动 %d 次，报送社情民意 %d 条，提出代表建议 %d 件。",
		len(ds.Duties), present, absent, len(ds.Receptions), len(ds.Cases), len(ds.Activities), len(ds.Opinions), len(ds.Suggestions)), cw), m, y, cw, 6) + 4

	section("二、进站值班")
	if len(ds.Duties) == 0 {
		none("本年度无值班安排。")
	} else {
		var rows [][]string
		for i, du := range ds.Duties {
			mark := du.Marks[dep.ID].Status
			if mark == "" {
				mark = "未登记"
			}
			rows = append(rows, []string{fmt.Sprint(i + 1), store.FormatDate(du.Date), du.From + "–" + du.To, ds.Stations[du.StationID], mark})
		}
		y = table(d, y, []column{{"序号", 12, "C"}, {"日期", 32, "C"}, {"时间", 28, "C"}, {"站点", 0, "L"}, {"到岗情况", 24, "C"}}, rows, 10, newPage) + 5
	}
	section("三、接待选民")
	if len(ds.Receptions) == 0 {
		none("本年度无接待记录。")
	} else {
		var rows [][]string
		for i, r := range ds.Receptions {
			place := r.StationNm
			if place == "" {
				place = r.Place
			}
			rows = append(rows, []string{fmt.Sprint(i + 1), store.FormatDate(r.Day), r.Kind, place, fmt.Sprint(r.Visitors), fmt.Sprint(r.CaseCount)})
		}
		y = table(d, y, []column{{"序号", 12, "C"}, {"日期", 32, "C"}, {"方式", 30, "C"}, {"地点", 0, "L"}, {"接待人数", 20, "C"}, {"反映事项", 20, "C"}}, rows, 10, newPage) + 5
	}
	section("四、群众反映事项")
	if len(ds.Cases) == 0 {
		none("本年度无群众反映事项。")
	} else {
		var rows [][]string
		for _, c := range ds.Cases {
			rows = append(rows, []string{c.No, store.FormatDate(c.Day), c.Category, c.Content, c.Disposition, c.Status})
		}
		y = table(d, y, []column{{"编号", 24, "C"}, {"日期", 30, "C"}, {"类别", 20, "C"}, {"内容", 0, "L"}, {"办理方式", 26, "C"}, {"状态", 16, "C"}}, rows, 9.5, newPage) + 5
	}
	section("五、履职活动")
	if len(ds.Activities) == 0 {
		none("本年度无履职活动记录。")
	} else {
		var rows [][]string
		for i := len(ds.Activities) - 1; i >= 0; i-- {
			a := ds.Activities[i]
			att := ""
			for _, p := range a.Participants {
				if p.DeputyID == dep.ID {
					att = p.Attendance
				}
			}
			rows = append(rows, []string{store.FormatDate(a.Day), a.Kind, a.Topic, a.Organiser, att})
		}
		y = table(d, y, []column{{"日期", 30, "C"}, {"类型", 26, "C"}, {"主题", 0, "L"}, {"组织单位", 36, "C"}, {"出勤", 14, "C"}}, rows, 10, newPage) + 5
	}
	section("六、社情民意")
	if len(ds.Opinions) == 0 {
		none("本年度未报送社情民意。")
	} else {
		var rows [][]string
		for i := len(ds.Opinions) - 1; i >= 0; i-- {
			o := ds.Opinions[i]
			adopted := ""
			if o.Adopted {
				adopted = "被采用"
			}
			rows = append(rows, []string{store.FormatDate(o.Day), o.Title, adopted})
		}
		y = table(d, y, []column{{"日期", 30, "C"}, {"标题", 0, "L"}, {"采用情况", 22, "C"}}, rows, 10, newPage) + 5
	}
	section("七、代表建议")
	if len(ds.Suggestions) == 0 {
		none("本年度未提出代表建议。")
	} else {
		var rows [][]string
		for _, s := range ds.Suggestions {
			rows = append(rows, []string{s.No, store.FormatDate(s.Day), s.Title, s.Department, store.SuggestionClassLabel(s.ResultClass), s.Satisfaction})
		}
		y = table(d, y, []column{{"编号", 22, "C"}, {"日期", 30, "C"}, {"标题", 0, "L"}, {"承办单位", 32, "C"}, {"办理结果", 24, "C"}, {"满意度", 18, "C"}}, rows, 9.5, newPage) + 5
		if len(ds.Referrals) > 0 {
			d.SetFont(10.5, true)
			d.SetXY(m, y)
			d.CellFormat(cw, 6, "其中与检察机关公益诉讼的相互移送：", "", 0, "L", false, 0, "")
			y = table(d, y+7, referralColumns, referralRows(ds), 9.5, newPage) + 5
		}
	}
	section("八、双联系走访")
	if len(ds.Liaison) == 0 {
		none("本年度无双联系走访记录。")
	} else {
		y = table(d, y, liaisonColumns, liaisonRows(ds), 9.5, newPage) + 5
	}
	section("九、年度履职考核")
	if !ds.Assessed {
		none("本年度未在任，不参加考核。")
	} else {
		state := "（计算结果，尚未定稿）"
		if ds.Assessment.Final {
			state = "（已定稿）"
		}
		rows := scoreRows(ds.Assessment.Rules, ds.Result)
		rows = append(rows, []string{"", "总分", "", num(ds.Result.Total)})
		y = table(d, y, []column{{"序号", 14, "C"}, {"评分项目", 62, "L"}, {"次数 / 评定", 0, "C"}, {"得分", 22, "C"}}, rows, 10, newPage) + 3
		if y+10 > d.FooterTop() {
			d.AddPage()
			y = m
		}
		d.SetFont(12, true)
		d.SetXY(m, y)
		d.CellFormat(cw, 7, fmt.Sprintf("总分 %s 分，等次：%s，名次：第%d名（共%d名）%s", num(ds.Result.Total), ds.Result.Grade, ds.Result.Rank, len(ds.Assessment.Results), state), "", 0, "L", false, 0, "")
		y += 12
	}
	section("十、督办民生实事点位")
	if len(ds.Sites) == 0 {
		none("本年度未负责民生实事点位。")
	} else {
		var rows [][]string
		done := 0
		for _, st := range ds.Sites {
			state := "未销号"
			if st.Done() {
				done++
				state = "已销号 " + store.FormatDate(st.DoneDay)
			}
			rows = append(rows, []string{st.ProjectTitle, st.Location, st.Content, store.FormatDate(st.PlannedDay), state})
		}
		d.SetFont(10.5, false)
		d.SetXY(m, y)
		d.CellFormat(cw, 6, fmt.Sprintf("负责点位 %d 个，已销号 %d 个。", len(ds.Sites), done), "", 0, "L", false, 0, "")
		y += 8
		y = table(d, y, []column{{"项目", 44, "L"}, {"点位", 30, "L"}, {"建设内容", 0, "L"}, {"计划完成", 30, "C"}, {"销号", 36, "C"}}, rows, 9.5, newPage) + 5
	}
	section("十一、述职与选民测评")
	if len(ds.Shuzhi) == 0 {
		none("本年度无述职记录。")
	} else {
		y = table(d, y, shuzhiColumns, shuzhiRows(ds), 9.5, newPage) + 5
	}
	_ = y
	return d.Write(w)
}

func statusNote(d store.Deputy) string {
	if d.Status == store.StatusTerminated {
		return "（" + store.FormatDate(d.StatusDate) + " " + d.StatusReason + "）"
	}
	return ""
}
