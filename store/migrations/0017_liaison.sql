-- 0017: 双联系. A contact (e.g. a 部门负责人 or a 常委会组成人员) is paired
-- with deputies and visits each at least once a half-year (每半年至少走访一次);
-- each visit keeps the day, the way and the opinions heard.
CREATE TABLE liaison_pair (
    id           TEXT PRIMARY KEY,
    contact      TEXT NOT NULL,
    contact_post TEXT NOT NULL DEFAULT '',
    deputy_id    TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    since        TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (contact, deputy_id)
);
CREATE INDEX liaison_pair_deputy ON liaison_pair(deputy_id);

CREATE TABLE liaison_visit (
    id         TEXT PRIMARY KEY,
    pair_id    TEXT NOT NULL REFERENCES liaison_pair(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    how        TEXT NOT NULL CHECK (how IN ('上门走访', '座谈', '电话联系', '其他')),
    opinions   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX liaison_visit_pair_day ON liaison_visit(pair_id, day);
