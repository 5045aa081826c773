// Package outbox is the township side of 上报: it turns reports into signed
// bundles in the persistent outbox (in the township's SQLite file) and runs
// the background worker that delivers them to the county hub.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// AppVersion is written into every manifest; cmd sets it at build time.
var AppVersion = "dev"

// Queue asks the provider for the report of kind and period, signs it as a
// new bundle version and puts it into the outbox. An older undelivered
// version of the same report is superseded.
func Queue(ctx context.Context, db *store.DB, p bundle.Provider, kind bundle.Kind, period string) (store.OutboxItem, error) {
	if !kind.ValidPeriod(period) {
		if kind == bundle.Assessment {
			return store.OutboxItem{}, fmt.Errorf("期间“%s”格式应为年份，如 2026", period)
		}
		return store.OutboxItem{}, fmt.Errorf("期间“%s”格式应为年月，如 2026-10", period)
	}
	t, err := db.Township(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return store.OutboxItem{}, errors.New("请先完成乡镇设置（名称和行政区划代码）再上报")
	}
	if err != nil {
		return store.OutboxItem{}, err
	}
	key, err := db.SyncKey(ctx)
	if err != nil {
		return store.OutboxItem{}, err
	}
	// The report is made before the write transaction so a slow report does
	// not hold the database's writer.
	rep, err := p.Report(ctx, kind, period)
	if errors.Is(err, bundle.ErrNoProvider) {
		return store.OutboxItem{}, fmt.Errorf("本程序尚不能生成“%s”", kind.Label())
	}
	if err != nil {
		return store.OutboxItem{}, fmt.Errorf("生成%s出错：%w", kind.Label(), err)
	}
	rep.Figures.Kind, rep.Figures.Period = kind, period
	return db.QueueBundle(ctx, string(kind), period, func(s store.BundleSlot) (string, []byte, error) {
		m := bundle.Manifest{BundleID: s.ID, TownshipName: t.Name, TownshipCode: t.Code, Kind: kind, Period: period,
			Version: s.Version, Created: s.Created, AppVersion: AppVersion}
		data, err := bundle.BuildBytes(m, rep.Files, rep.Figures, key.Private)
		return m.Title(), data, err
	})
}

// EnrolRequest makes the file the county imports with `deputyhub enrol`.
func EnrolRequest(ctx context.Context, db *store.DB) ([]byte, bundle.EnrolRequest, error) {
	t, err := db.Township(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, bundle.EnrolRequest{}, errors.New("请先完成乡镇设置（名称和行政区划代码）")
	}
	if err != nil {
		return nil, bundle.EnrolRequest{}, err
	}
	key, err := db.SyncKey(ctx)
	if err != nil {
		return nil, bundle.EnrolRequest{}, err
	}
	r := bundle.EnrolRequest{Format: bundle.Format, TownshipName: t.Name, TownshipCode: t.Code, PublicKey: key.Public,
		Fingerprint: key.Fingerprint(), Created: db.Now().UTC()}
	b, err := json.MarshalIndent(r, "", "  ")
	return b, r, err
}

// FileName is the name a bundle gets in an export folder, e.g.
// 421022100-ledger-2026-10-v2-0196f3a1.zip.
func FileName(code string, it store.OutboxItem) string {
	short := strings.ReplaceAll(it.ID, "-", "")
	if len(short) > 12 {
		short = short[len(short)-12:]
	}
	return fmt.Sprintf("%s-%s-%s-v%d-%s.zip", code, it.Kind, it.Period, it.Version, short)
}

// Export writes the signed bundles that still matter (not cancelled; with
// all, also those already delivered) to dir for the USB stick, and returns
// the file paths.
func Export(ctx context.Context, db *store.DB, dir string, all bool) ([]string, error) {
	t, err := db.Township(ctx)
	if err != nil {
		return nil, err
	}
	items, err := db.Outbox(ctx)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建文件夹“%s”：%w", dir, err)
	}
	var out []string
	for _, it := range items {
		if it.State == store.OutboxCancelled || (it.State == store.OutboxDelivered && !all) {
			continue
		}
		data, err := db.OutboxData(ctx, it.ID)
		if err != nil {
			return out, err
		}
		p := filepath.Join(dir, FileName(t.Code, it))
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return out, fmt.Errorf("写入“%s”失败：%w", p, err)
		}
		if err := os.Rename(tmp, p); err != nil {
			return out, fmt.Errorf("写入“%s”失败：%w", p, err)
		}
		out = append(out, p)
	}
	return out, nil
}
