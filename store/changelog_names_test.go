package store

import (
	"regexp"
	"strings"
	"testing"
)

func TestChangeDescribeIsChinese(t *testing.T) {
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	tests := []struct {
		name string
		c    Change
		want []string
	}{
		{"outbox state and zero date", Change{Entity: "outbox", Action: "update", Changes: map[string][2]any{
			"State":       {"pending", "sending"},
			"DeliveredAt": {"0001-01-01T00:00:00Z", "2026-11-05T01:12:00Z"},
		}}, []string{"送达时间：（空） → 2026年11月5日 09:12", "上报状态：" + OutboxPending.Label() + " → " + OutboxSending.Label()}},
		{"a flag", Change{Entity: "assessment_year", Action: "update", Changes: map[string][2]any{"Final": {false, true}}},
			[]string{"已定稿：否 → 是"}},
		{"case status fields", Change{Entity: "case", Action: "update", Changes: map[string][2]any{
			"Satisfaction": {"", "满意"}, "ClosedDay": {"", "2026-11-19"},
		}}, []string{"办结日期：（空） → 2026年11月19日", "满意度：（空） → 满意"}},
		{"IDs become names", Change{Entity: "group", Action: "update", Changes: map[string][2]any{
			"LeaderID": {"d1", "d2"}, "MemberIDs": {[]any{"d1"}, []any{"d1", "d2"}},
		}}, []string{"组长：王建国 → 李秀英", "成员：王建国 → 王建国、李秀英"}},
		{"an unknown field", Change{Entity: "rectification", Action: "update", Changes: map[string][2]any{"NewThing": {"a", "b"}}},
			[]string{"其他信息：a → b"}},
	}
	names := map[string]string{"d1": "王建国", "d2": "李秀英"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.Describe(names)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, line := range got {
				label := line[:strings.Index(line, "：")]
				if latin.MatchString(label) {
					t.Fatalf("field name %q is not Chinese", label)
				}
			}
		})
	}
	for _, e := range []string{"rectification", "outbox", "opinion", "suggestion", "assessment_year", "duty_def", "scoring_rules"} {
		if n := EntityName(e); latin.MatchString(n) || n == "其他记录" {
			t.Errorf("entity %s shows as %q", e, n)
		}
	}
}
