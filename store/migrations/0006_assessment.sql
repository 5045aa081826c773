-- 0006: 履职活动, 社情民意, 代表建议, the 「十个一」 duty list, 履职评分细则
-- per year, and the 年度履职考核 (manual scores, adjustments, finalised
-- snapshots, 谈话提醒 and 整改报告).

CREATE TABLE activity (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('代表小组活动', '集中视察', '专题调研', '执法检查', '学习培训', '走访选民',
                   '座谈会', '政策宣讲', '向选民述职', '出席人代会', '列席会议', '代表会议', '履职交流', '其他')),
    day        TEXT NOT NULL,
    organiser  TEXT NOT NULL DEFAULT '',
    topic      TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    results    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX activity_day ON activity(day);

CREATE TABLE activity_deputy (
    activity_id TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    deputy_id   TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    attendance  TEXT NOT NULL CHECK (attendance IN ('出席', '请假', '缺席')),
    PRIMARY KEY (activity_id, deputy_id)
);
CREATE INDEX activity_deputy_deputy ON activity_deputy(deputy_id);

-- 社情民意: one entry handed in by one deputy.
CREATE TABLE opinion (
    id         TEXT PRIMARY KEY,
    deputy_id  TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL DEFAULT '',
    adopted    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX opinion_deputy_day ON opinion(deputy_id, day);
CREATE INDEX opinion_day ON opinion(day);

-- 代表建议: a formal proposal by its lead deputy; result class A (已解决/采纳),
-- B (列入计划), C (留作参考) once answered.
CREATE TABLE suggestion (
    id           TEXT PRIMARY KEY,
    deputy_id    TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    no           TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    department   TEXT NOT NULL DEFAULT '',
    result_class TEXT NOT NULL DEFAULT '' CHECK (result_class IN ('', 'A', 'B', 'C')),
    satisfaction TEXT NOT NULL DEFAULT '' CHECK (satisfaction IN ('', '满意', '基本满意', '不满意')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX suggestion_deputy_day ON suggestion(deputy_id, day);
CREATE INDEX suggestion_day ON suggestion(day);
CREATE UNIQUE INDEX suggestion_no ON suggestion(no) WHERE no <> '';

-- When a deputy took office, for pro-rating a year they joined during; the
-- day they left is the deputy's status_date once 终止.
CREATE TABLE deputy_office (
    deputy_id   TEXT PRIMARY KEY REFERENCES deputy(id) ON DELETE CASCADE,
    took_office TEXT NOT NULL
);

-- The 「十个一」 duties as data: townships word and count them differently.
-- sources lists the record kinds that satisfy a duty, separated by commas.
CREATE TABLE duty_def (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    period     TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    count      INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100),
    sources    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO duty_def(id, name, period, count, sources, position, created_at, updated_at)
SELECT column1, column2, column3, 1, column4, column5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (VALUES
    ('duty-01', '每月一次接待选民', 'month', '值班到岗,接待群众', 1),
    ('duty-02', '每月一次走访选区', 'month', '走访选民', 2),
    ('duty-03', '每人每月一条社情民意', 'month', '社情民意', 3),
    ('duty-04', '每季度一次调研视察', 'quarter', '专题调研,集中视察,执法检查', 4),
    ('duty-05', '每季度一次学习培训', 'quarter', '学习培训', 5),
    ('duty-06', '每人每年一条代表建议', 'year', '代表建议', 6),
    ('duty-07', '每人每年一次政策宣讲', 'year', '政策宣讲', 7),
    ('duty-08', '每季度一次代表会议', 'quarter', '代表会议,代表小组活动', 8),
    ('duty-09', '每年一次履职交流', 'year', '履职交流', 9),
    ('duty-10', '每年一次履职评议', 'year', '向选民述职', 10));

-- 履职评分细则, one version per year, kept as JSON (items, raters, weights,
-- thresholds) so a township can reshape it without a schema change.
CREATE TABLE scoring_rules (
    year       INTEGER PRIMARY KEY,
    version    INTEGER NOT NULL DEFAULT 1,
    rules      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One rater's score for one manual item of one deputy.
CREATE TABLE assessment_score (
    year       INTEGER NOT NULL,
    deputy_id  TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    rater      TEXT NOT NULL,
    points     REAL NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, deputy_id, item, rater)
);

-- Adjustments (加减分) the secretary makes, each with its reason.
CREATE TABLE assessment_adjust (
    id         TEXT PRIMARY KEY,
    year       INTEGER NOT NULL,
    deputy_id  TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    points     REAL NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX assessment_adjust_year ON assessment_adjust(year, deputy_id);

-- A finalised year keeps the rules and every result as computed then, so
-- later edits to records do not change it until it is reopened.
CREATE TABLE assessment_year (
    year         INTEGER PRIMARY KEY,
    final        INTEGER NOT NULL DEFAULT 0,
    finalised_at TEXT NOT NULL DEFAULT '',
    rules        TEXT NOT NULL DEFAULT '',
    results      TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
);

-- For 不合格 deputies: the 谈话提醒 and the 整改报告 (due, received).
CREATE TABLE rectification (
    year          INTEGER NOT NULL,
    deputy_id     TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    talk_day      TEXT NOT NULL DEFAULT '',
    talk_by       TEXT NOT NULL DEFAULT '',
    talk_note     TEXT NOT NULL DEFAULT '',
    due_day       TEXT NOT NULL DEFAULT '',
    received_day  TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (year, deputy_id)
);
