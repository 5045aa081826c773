-- 0004: receptions (接待记录) and the cases raised at them (群众反映事项),
-- tracked to a closed loop: handlers, 催办, and every status step with its
-- corrections kept as history.

-- The editable list of case categories; a retired name stays for old cases.
CREATE TABLE case_category (
    name       TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
INSERT INTO case_category(name, position, created_at)
SELECT column1, column2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (VALUES
    ('基础设施', 1), ('生态环境', 2), ('社会保障', 3), ('医疗卫生', 4), ('教育', 5),
    ('农业农村', 6), ('土地征拆', 7), ('矛盾纠纷', 8), ('政策咨询', 9), ('其他', 10));

-- One reception: a roster duty actually held (kind 接待日, duty_id set) or an
-- ad hoc contact. Recording a reception marks its duty held, so roster
-- regeneration keeps it; a duty deleted by hand leaves the reception standing.
CREATE TABLE reception (
    id         TEXT PRIMARY KEY,
    duty_id    TEXT REFERENCES duty(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('接待日', '走访选民', '电话', '代表码线上反映', '座谈')),
    day        TEXT NOT NULL,
    station_id TEXT REFERENCES station(id) ON DELETE SET NULL,
    place      TEXT NOT NULL DEFAULT '',
    visitors   INTEGER NOT NULL DEFAULT 0 CHECK (visitors >= 0),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reception_day ON reception(day);
CREATE INDEX reception_duty ON reception(duty_id) WHERE duty_id IS NOT NULL;

CREATE TABLE reception_deputy (
    reception_id TEXT NOT NULL REFERENCES reception(id) ON DELETE CASCADE,
    deputy_id    TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    PRIMARY KEY (reception_id, deputy_id)
);
CREATE INDEX reception_deputy_deputy ON reception_deputy(deputy_id);

-- One matter raised by one visitor. day and station_id copy the reception's
-- so month and station filters need no join. status/status_rank/closed_day/
-- satisfaction mirror the current (uncorrected) steps in case_step and are
-- rewritten with them in the same transaction.
CREATE TABLE cases (
    rid              INTEGER PRIMARY KEY, -- stable rowid for case_fts
    id               TEXT NOT NULL UNIQUE,
    no               TEXT NOT NULL UNIQUE,
    reception_id     TEXT NOT NULL REFERENCES reception(id) ON DELETE CASCADE,
    day              TEXT NOT NULL,
    station_id       TEXT,
    visitor_name     TEXT NOT NULL,
    visitor_phone    TEXT NOT NULL DEFAULT '',
    visitor_village  TEXT NOT NULL DEFAULT '',
    visitor_id       TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL REFERENCES case_category(name) ON UPDATE CASCADE,
    content          TEXT NOT NULL,
    disposition      TEXT NOT NULL CHECK (disposition IN ('当场答复', '交办乡镇或村（社区）', '转为代表建议', '转12345热线', '转调解', '其他')),
    deadline         TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('登记', '交办', '办理中', '办结', '已反馈', '已回访')),
    status_rank      INTEGER NOT NULL,
    closed_day       TEXT NOT NULL DEFAULT '',
    satisfaction     TEXT NOT NULL DEFAULT '' CHECK (satisfaction IN ('', '满意', '基本满意', '不满意')),
    suggestion_no    TEXT NOT NULL DEFAULT '',
    suggestion_dept  TEXT NOT NULL DEFAULT '',
    suggestion_class TEXT NOT NULL DEFAULT '' CHECK (suggestion_class IN ('', 'A', 'B', 'C')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX cases_day ON cases(day);
CREATE INDEX cases_reception ON cases(reception_id);
CREATE INDEX cases_station_day ON cases(station_id, day);
CREATE INDEX cases_category_day ON cases(category, day);
CREATE INDEX cases_status_day ON cases(status_rank, day);
-- Overdue = a deadline passed before 办结; only open cases are indexed.
CREATE INDEX cases_open_deadline ON cases(deadline) WHERE status_rank < 3 AND deadline <> '';

-- Handler units. A unit that declines keeps its row (declined_day, reason)
-- and the case is re-routed by adding a new row: the history stays.
CREATE TABLE case_handler (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    unit           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('主办', '协办')),
    assigned_day   TEXT NOT NULL,
    declined_day   TEXT NOT NULL DEFAULT '',
    decline_reason TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX case_handler_case ON case_handler(case_id);
-- At most one 主办 that has not declined.
CREATE UNIQUE INDEX case_handler_one_lead ON case_handler(case_id) WHERE role = '主办' AND declined_day = '';

-- Every status step ever written, oldest first. A correction is a new row
-- whose replaces names the row it corrects; rows are never updated.
CREATE TABLE case_step (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    day          TEXT NOT NULL,
    who          TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL DEFAULT '',
    satisfaction TEXT NOT NULL DEFAULT '',
    replaces     INTEGER REFERENCES case_step(seq),
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_step_case ON case_step(case_id, seq);
CREATE INDEX case_step_day ON case_step(day);
CREATE UNIQUE INDEX case_step_replaces ON case_step(replaces) WHERE replaces IS NOT NULL;

-- 催办 records.
CREATE TABLE case_urge (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    by_whom    TEXT NOT NULL,
    how        TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX case_urge_case ON case_urge(case_id);
CREATE INDEX case_urge_day ON case_urge(day);

-- Full-text search over content and step texts. Chinese has no spaces, so
-- the program writes each document as overlapping character bigrams
-- (道路硬化 → 道路 路硬 硬化) and Latin/digit runs as words; a query is cut
-- the same way and matched as a phrase, which finds any word of two or more
-- characters inside a sentence. rowid = cases.rid.
CREATE VIRTUAL TABLE case_fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61');
