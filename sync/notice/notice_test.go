package notice

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
)

func TestParseHolidays(t *testing.T) {
	h, err := ParseHolidays(2027, "通知", "# 注释\n2027-10-01~2027-10-07 休 国庆节\r\n2027-10-09，班，国庆节调休\n\n2027/1/1\t放假\t元旦\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Days) != 9 || h.Days[7].Kind != store.HolidayWork || h.Days[8].Date != "2027-01-01" {
		t.Fatalf("days: %+v", h.Days)
	}
	for _, tt := range []struct{ name, text, want string }{
		{"no kind", "2027-01-01 元旦", "第1行“2027-01-01 元旦”应为"},
		{"bad kind", "2027-01-01 假 元旦", "第1行的类型“假”应为 休 或 班"},
		{"bad date", "2027-01-01 休 元旦\n2027-02-30 休 春节", "第2行的日期“2027-02-30”无效"},
		{"long range", "2027-01-01~2027-03-01 休 寒假", "第1行的日期范围"},
		{"nothing", "# 只有注释", "没有任何日期"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseHolidays(2027, "", tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestVerifyRefusesWithReasons(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	n := store.CountyNotice{Serial: 3, PublishedAt: time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), DeadlineDay: 10}
	good, err := Sign(n, priv)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Verify(good, pub); err != nil || got.DeadlineDay != 10 || got.Title != "上报截止日" {
		t.Fatalf("good notice: %+v %v", got, err)
	}
	foreign, _ := Sign(n, otherPriv)
	// The other key in the header but this hub's signature: still refused.
	swapped := bytes.Replace(good, []byte(strings.SplitN(string(good), "\n", 3)[1]), []byte(strings.SplitN(string(foreign), "\n", 3)[1]), 1)
	for _, tt := range []struct {
		name string
		data []byte
		key  ed25519.PublicKey
		want string
	}{
		{"changed content", bytes.Replace(good, []byte(`"deadline_day":10`), []byte(`"deadline_day":11`), 1), pub, "通知内容与县级平台的签名不符"},
		{"another hub", foreign, pub, "通知不是由本县县级平台签发"},
		{"header key swapped", swapped, otherPub, "通知内容与县级平台的签名不符"},
		{"no county key", good, nil, "还没有记录县级平台的签名公钥"},
		{"not a notice", []byte("PK\x03\x04 zip"), pub, "不是县级平台的通知文件"},
		{"too large", bytes.Repeat([]byte("x"), MaxSize+1), pub, "通知文件过大"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Verify(tt.data, tt.key)
			var re *RefusedError
			if !errors.As(err, &re) || !strings.Contains(re.Reason, tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
