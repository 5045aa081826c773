-- 0018: 述职 and 测评. Deputies report (述职) to a 代表小组 or to the voters of
-- a 选区 on a day; the voters fill a 测评表 with one line per deputy and item
-- (满意/基本满意/不满意), and the secretary enters the counts.
CREATE TABLE shuzhi (
    id         TEXT PRIMARY KEY,
    day        TEXT NOT NULL,
    audience   TEXT NOT NULL CHECK (audience IN ('代表小组', '选区')),
    group_id   TEXT REFERENCES deputy_group(id) ON DELETE SET NULL,
    district   TEXT NOT NULL DEFAULT '',
    place      TEXT NOT NULL DEFAULT '',
    attendees  INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
    topics     TEXT NOT NULL DEFAULT '',
    items      TEXT NOT NULL DEFAULT '[]', -- JSON list of the 测评项目, in order
    handed     INTEGER NOT NULL DEFAULT 0 CHECK (handed >= 0),
    returned   INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= handed),
    tallied    INTEGER NOT NULL DEFAULT 0, -- 1 once the counts are entered
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX shuzhi_day ON shuzhi(day);

CREATE TABLE shuzhi_deputy (
    shuzhi_id TEXT NOT NULL REFERENCES shuzhi(id) ON DELETE CASCADE,
    deputy_id TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    PRIMARY KEY (shuzhi_id, deputy_id)
);
CREATE INDEX shuzhi_deputy_deputy ON shuzhi_deputy(deputy_id);

CREATE TABLE shuzhi_tally (
    shuzhi_id   TEXT NOT NULL REFERENCES shuzhi(id) ON DELETE CASCADE,
    deputy_id   TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    item        TEXT NOT NULL,
    satisfied   INTEGER NOT NULL DEFAULT 0 CHECK (satisfied >= 0),
    basic       INTEGER NOT NULL DEFAULT 0 CHECK (basic >= 0),
    unsatisfied INTEGER NOT NULL DEFAULT 0 CHECK (unsatisfied >= 0),
    PRIMARY KEY (shuzhi_id, deputy_id, item)
);
