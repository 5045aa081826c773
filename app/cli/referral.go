package cli

import (
	"context"
	"fmt"
	"strings"

	"deputydesk/store"
)

func init() {
	register(command{name: "cases hotline", usage: "登记12345热线工单状态：cases hotline --case 事项编号 --order 工单号 --state " +
		strings.Join(store.HotlineStates, "|") + " [--day 日期] [--note 说明]", run: runCasesHotline})
	register(command{name: "cases hotline list", usage: "12345热线工单及其状态：cases hotline list [--open 只列未办结的]", run: runCasesHotlineList})
	register(command{name: "suggestions procuratorate list", usage: "代表建议与公益诉讼检察建议的相互移送：suggestions procuratorate list [--deputy 代表姓名]", run: runReferralList})
	register(command{name: "suggestions procuratorate link", usage: "登记移送检察机关的线索或转来的检察建议：suggestions procuratorate link --suggestion 建议编号 [--id 关联ID（修改已登记的一条，list 可查）] " +
		"--direction 移送线索|检察建议转来 --subject 事由 [--clue-day 线索移送日期] [--ref-no 检察建议文号 --ref-day 日期] [--state " +
		strings.Join(store.ReferralStates, "|") + "] [--note 备注]", run: runReferralLink})
	readCommands["cases hotline list"] = true
	readCommands["suggestions procuratorate list"] = true
}

func runCasesHotline(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("cases hotline", env)
	caseNo := fs.String("case", "", "事项编号，如 2026-00012（必填）")
	order := fs.String("order", "", "12345工单号（必填）")
	state := fs.String("state", "", "工单状态（必填）")
	day := fs.String("day", "", "日期（默认今天）")
	note := fs.String("note", "", "说明")
	if _, err := parseArgs(fs, args, 0, "cases hotline --case 事项编号 --order 工单号 --state 状态"); err != nil {
		return err
	}
	if *caseNo == "" || *order == "" || *state == "" {
		return &UsageError{Msg: "cases hotline 需要 --case、--order 和 --state"}
	}
	id, err := db.CaseIDByNo(ctx, *caseNo)
	if err != nil {
		return fmt.Errorf("找不到编号为“%s”的群众反映事项", *caseNo)
	}
	if *day == "" {
		*day = today(db)
	}
	h := store.HotlineStep{CaseID: id, OrderNo: *order, State: *state, Day: *day, Note: *note}
	if err := db.AddHotlineStep(ctx, &h); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记：事项%s 12345工单%s %s（%s）\n", *caseNo, h.OrderNo, h.State, store.FormatDate(h.Day))
	return nil
}

func runCasesHotlineList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("cases hotline list", env)
	open := fs.Bool("open", false, "只列未办结的工单")
	if _, err := parseArgs(fs, args, 0, "cases hotline list [--open]"); err != nil {
		return err
	}
	orders, err := db.HotlineOrders(ctx, *open, "", "")
	if err != nil {
		return err
	}
	now := today(db)
	fmt.Fprintln(env.Stdout, strings.Join([]string{"事项编号", "反映人", "类别", "工单号", "工单状态", "状态日期", "转办日期", "办理时限", "提示"}, "\t"))
	nOpen, late := 0, 0
	for _, o := range orders {
		note := ""
		if o.Open() {
			nOpen++
		}
		if o.Overdue(now) {
			late++
			note = "超期未办结"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.CaseNo, o.VisitorName, o.Category, o.OrderNo, o.State,
			store.FormatDate(o.Day), store.FormatDate(o.Since), store.FormatDate(o.Deadline), note)
	}
	fmt.Fprintf(env.Stdout, "共 %d 件工单，未办结 %d 件，其中超期 %d 件。\n", len(orders), nOpen, late)
	return nil
}

func runReferralList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("suggestions procuratorate list", env)
	deputy := fs.String("deputy", "", "只列这位代表领衔的建议")
	if _, err := parseArgs(fs, args, 0, "suggestions procuratorate list [--deputy 代表姓名]"); err != nil {
		return err
	}
	var f store.ReferralFilter
	if *deputy != "" {
		d, err := findDeputyByName(ctx, db, *deputy)
		if err != nil {
			return err
		}
		f.DeputyID = d.ID
	}
	rs, err := db.Referrals(ctx, f)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, strings.Join([]string{"关联ID", "建议编号", "代表建议", "领衔代表", "关联方向", "线索移送日期", "检察建议文号", "检察建议日期", "事由", "状态"}, "\t"))
	clues, back := 0, 0
	for _, r := range rs {
		if r.Direction == store.DirClue {
			clues++
		}
		if r.HasProcuratorialSuggestion() {
			back++
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.SuggestionNo, r.SuggestionTitle, r.DeputyName, r.Direction,
			store.FormatDate(r.ClueDay), r.RefNo, store.FormatDate(r.RefDay), r.Subject, r.State)
	}
	fmt.Fprintf(env.Stdout, "共 %d 条：移送线索 %d 条，检察建议 %d 份。\n", len(rs), clues, back)
	return nil
}

func runReferralLink(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("suggestions procuratorate link", env)
	sugNo := fs.String("suggestion", "", "代表建议编号（必填）")
	id := fs.String("id", "", "要修改的关联ID（suggestions procuratorate list 可查；不填则按方向找或新登记）")
	dir := fs.String("direction", "", "移送线索 或 检察建议转来（默认移送线索）")
	subject := fs.String("subject", "", "事由")
	clueDay := fs.String("clue-day", "", "线索移送日期")
	refNo := fs.String("ref-no", "", "检察建议文号，如 某检行公建〔2026〕12号")
	refDay := fs.String("ref-day", "", "检察建议日期")
	state := fs.String("state", "", "状态（默认：有文号为已发检察建议，否则为已移送线索）")
	note := fs.String("note", "", "备注")
	if _, err := parseArgs(fs, args, 0, "suggestions procuratorate link --suggestion 建议编号 --direction 方向 --subject 事由"); err != nil {
		return err
	}
	if *sugNo == "" {
		return &UsageError{Msg: "suggestions procuratorate link 需要 --suggestion"}
	}
	sid, err := db.SuggestionIDByNo(ctx, *sugNo)
	if err != nil {
		return fmt.Errorf("找不到编号为“%s”的代表建议", *sugNo)
	}
	// The 检察建议 that answers a 线索 is recorded on the same row: the
	// suggestion's referral of that direction still without a 文号 (or the
	// one with this 文号) is updated, else a new one is made.
	existing, err := db.Referrals(ctx, store.ReferralFilter{SuggestionID: sid})
	if err != nil {
		return err
	}
	var r store.Referral
	if *id != "" {
		// --id picks the row when a suggestion has several of a direction.
		found := false
		for _, e := range existing {
			if e.ID == *id {
				r, found = e, true
			}
		}
		if !found {
			return fmt.Errorf("代表建议%s没有关联ID为“%s”的检察机关移送记录（用 suggestions procuratorate list 查看关联ID）", *sugNo, *id)
		}
	} else {
		want := *dir
		if want == "" {
			want = store.DirClue
		}
		wantNo, _ := store.NormalizeRefNo(*refNo)
		r = store.Referral{SuggestionID: sid, Direction: want}
		for _, e := range existing {
			if e.Direction == want && (e.RefNo == "" || (wantNo != "" && e.RefNo == wantNo)) {
				r = e
				break
			}
		}
	}
	for dst, v := range map[*string]string{&r.Direction: *dir, &r.Subject: *subject, &r.ClueDay: *clueDay, &r.RefNo: *refNo, &r.RefDay: *refDay,
		&r.State: *state, &r.Note: *note} {
		if v != "" {
			*dst = v
		}
	}
	if r.Direction == store.DirClue && r.ClueDay == "" && r.ID == "" {
		r.ClueDay = today(db)
	}
	if *state == "" && (r.State == "" || (r.State == store.StateClue && r.RefNo != "")) {
		r.State = store.StateClue
		if r.RefNo != "" {
			r.State = store.StateIssued
		}
	}
	created := r.ID == ""
	if err := db.SaveReferral(ctx, &r); err != nil {
		return err
	}
	verb := "已更新"
	if created {
		verb = "已登记"
	}
	ref := ""
	if r.RefNo != "" {
		ref = "，检察建议" + r.RefNo + "（" + store.FormatDate(r.RefDay) + "）"
	}
	fmt.Fprintf(env.Stdout, "%s：代表建议%s %s%s，状态%s\n", verb, *sugNo, r.Direction, ref, r.State)
	return nil
}
