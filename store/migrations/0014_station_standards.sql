-- 0014: 联络站标准化建设. The checklists (「五有」「六统一」「九有」) are data
-- the secretary may edit; each item checked at a station keeps the day, who
-- checked, a note and photos as evidence; a station has a star rating
-- (一星…五星) and may be named a 示范 station.

CREATE TABLE station_checklist (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE station_checklist_item (
    id           TEXT PRIMARY KEY,
    checklist_id TEXT NOT NULL REFERENCES station_checklist(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX station_checklist_item_list ON station_checklist_item(checklist_id, position);

-- One item checked at one station: met (达标) or not yet, with the evidence.
CREATE TABLE station_check (
    id         TEXT PRIMARY KEY,
    station_id TEXT NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL REFERENCES station_checklist_item(id) ON DELETE CASCADE,
    met        INTEGER NOT NULL DEFAULT 1,
    day        TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (station_id, item_id)
);

CREATE TABLE station_check_photo (
    id         TEXT PRIMARY KEY,
    check_id   TEXT NOT NULL REFERENCES station_check(id) ON DELETE CASCADE,
    jpeg       BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX station_check_photo_check ON station_check_photo(check_id);

CREATE TABLE station_rating (
    station_id TEXT PRIMARY KEY REFERENCES station(id) ON DELETE CASCADE,
    stars      INTEGER NOT NULL DEFAULT 0 CHECK (stars BETWEEN 0 AND 5),
    model      INTEGER NOT NULL DEFAULT 0,
    day        TEXT NOT NULL DEFAULT '',
    rated_by   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

-- The defaults. 「五有」 and 「六统一」 are the seed's own words; 「九有」 is
-- named without its items, so these nine are a proposal to edit.
INSERT INTO station_checklist(id, name, position, created_at, updated_at) VALUES
    ('std-5you', '五有', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi', '六统一', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you', '九有', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
INSERT INTO station_checklist_item(id, checklist_id, position, label, created_at, updated_at) VALUES
    ('std-5you-1', 'std-5you', 1, '有适用场地', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-5you-2', 'std-5you', 2, '有必要设施', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-5you-3', 'std-5you', 3, '有完善制度', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-5you-4', 'std-5you', 4, '有工作安排', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-5you-5', 'std-5you', 5, '有实际成效', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi-1', 'std-6tongyi', 1, '统一规范标牌', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi-2', 'std-6tongyi', 2, '统一场地布置', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi-3', 'std-6tongyi', 3, '统一建档制卡', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi-4', 'std-6tongyi', 4, '统一制度成册', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi-5', 'std-6tongyi', 5, '统一信息公示', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-6tongyi-6', 'std-6tongyi', 6, '统一工作流程', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-1', 'std-9you', 1, '有固定场所', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-2', 'std-9you', 2, '有统一标牌', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-3', 'std-9you', 3, '有必要设施', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-4', 'std-9you', 4, '有工作制度', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-5', 'std-9you', 5, '有进站代表', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-6', 'std-9you', 6, '有接待安排', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-7', 'std-9you', 7, '有信息公示', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-8', 'std-9you', 8, '有履职台账', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('std-9you-9', 'std-9you', 9, '有实际成效', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
