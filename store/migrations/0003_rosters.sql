-- 0003: duty rosters (值班表): each station's reception-day rule, the duties
-- generated from it, who is on each duty and whether they came, leave periods,
-- and the holiday calendar the rules consult.

-- One rule per station. kind picks which of the columns below apply:
--   weekly       every week on weekday (1 = Monday … 7 = Sunday)
--   monthly_nth  the nth (1–5, or -1 = last) weekday of each month
--   month_days   fixed days of each month in days ("5,20"); a day past the
--                month's end falls on its last day
--   dates        an explicit list of dates in days ("2026-12-04,2027-01-08")
CREATE TABLE roster_rule (
    station_id     TEXT PRIMARY KEY REFERENCES station(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly_nth', 'month_days', 'dates')),
    weekday        INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 7),
    nth            INTEGER NOT NULL DEFAULT 0 CHECK (nth BETWEEN -1 AND 5),
    days           TEXT NOT NULL DEFAULT '',
    time_from      TEXT NOT NULL,
    time_to        TEXT NOT NULL,
    per_duty       INTEGER NOT NULL DEFAULT 2 CHECK (per_duty BETWEEN 1 AND 10),
    holiday_policy TEXT NOT NULL DEFAULT 'next' CHECK (holiday_policy IN ('skip', 'next')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- One reception session at a station on a day. hand_edited and held duties
-- survive regeneration; moved_from keeps the rule's date when a holiday
-- moved the duty.
CREATE TABLE duty (
    id          TEXT PRIMARY KEY,
    station_id  TEXT NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    time_from   TEXT NOT NULL,
    time_to     TEXT NOT NULL,
    hand_edited INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0,
    moved_from  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (station_id, day)
);
CREATE INDEX duty_day ON duty(day);

-- The deputies on a duty, in the order printed, with their attendance once
-- marked (到岗/请假/缺席/替班; for 替班, substitute_id stood in).
CREATE TABLE duty_deputy (
    duty_id       TEXT NOT NULL REFERENCES duty(id) ON DELETE CASCADE,
    deputy_id     TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    attendance    TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', '到岗', '请假', '缺席', '替班')),
    substitute_id TEXT REFERENCES deputy(id) ON DELETE SET NULL,
    PRIMARY KEY (duty_id, deputy_id)
);
CREATE INDEX duty_deputy_deputy ON duty_deputy(deputy_id);

-- Every attendance mark ever made, oldest first. Later scoring counts the
-- latest mark; the history stays even if the duty is deleted, so it carries
-- its own copy of day and station and no foreign keys.
CREATE TABLE attendance_history (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    duty_id       TEXT NOT NULL,
    station_id    TEXT NOT NULL,
    day           TEXT NOT NULL,
    deputy_id     TEXT NOT NULL,
    attendance    TEXT NOT NULL,
    substitute_id TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attendance_history_duty ON attendance_history(duty_id);
CREATE INDEX attendance_history_deputy ON attendance_history(deputy_id, day);

-- 请假 / 外出 periods: the deputy is not put on duty from date_from to date_to.
CREATE TABLE deputy_leave (
    id         TEXT PRIMARY KEY,
    deputy_id  TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('请假', '外出')),
    date_from  TEXT NOT NULL,
    date_to    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX deputy_leave_deputy ON deputy_leave(deputy_id, date_from);

-- The national holiday calendar: 'off' days are 法定节假日 (with the days
-- joined to them), 'work' days are 调休 weekends that are working days.
CREATE TABLE holiday (
    day        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    source     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Whether a year's State Council announcement has been entered; until it
-- is, the year holds only the statutory days and its 调休 are unknown.
CREATE TABLE holiday_year (
    year      INTEGER PRIMARY KEY,
    announced INTEGER NOT NULL DEFAULT 0,
    source    TEXT NOT NULL DEFAULT ''
);

-- 2025 and 2026: the State Council's announcements (国务院办公厅关于20XX年部分
-- 节假日安排的通知). 2027: its announcement was not at hand when this was
-- written, so only the statutory days of 《全国年节及纪念日放假办法》 (2024
-- revision) are seeded, with the lunar dates worked out (春节 = 除夕 to 正月初三,
-- 2027-02-05…08; 端午 06-09; 中秋 09-15; 清明 04-05); the secretary enters the
-- announcement's extra days and 调休 when it appears.
INSERT INTO holiday_year(year, announced, source) VALUES
    (2025, 1, '国务院办公厅关于2025年部分节假日安排的通知'),
    (2026, 1, '国务院办公厅关于2026年部分节假日安排的通知'),
    (2027, 0, '全国年节及纪念日放假办法（法定假日，调休待公布）');

INSERT INTO holiday(day, name, kind, source, created_at, updated_at)
SELECT column1, column2, column3, column4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (VALUES
    ('2025-01-01', '元旦', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-28', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-29', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-30', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-31', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-02-01', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-02-02', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-02-03', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-02-04', '春节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-26', '春节', 'work', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-02-08', '春节', 'work', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-04-04', '清明节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-04-05', '清明节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-04-06', '清明节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-01', '劳动节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-02', '劳动节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-03', '劳动节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-04', '劳动节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-05', '劳动节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-04-27', '劳动节', 'work', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-31', '端午节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-06-01', '端午节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-06-02', '端午节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-01', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-02', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-03', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-04', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-05', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-06', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-07', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-08', '国庆节、中秋节', 'off', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-09-28', '国庆节、中秋节', 'work', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-11', '国庆节、中秋节', 'work', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2026-01-01', '元旦', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-01-02', '元旦', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-01-03', '元旦', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-01-04', '元旦', 'work', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-15', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-16', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-17', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-18', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-19', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-20', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-21', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-22', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-23', '春节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-14', '春节', 'work', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-28', '春节', 'work', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-04-04', '清明节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-04-05', '清明节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-04-06', '清明节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-01', '劳动节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-02', '劳动节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-03', '劳动节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-04', '劳动节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-05', '劳动节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-09', '劳动节', 'work', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-06-19', '端午节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-06-20', '端午节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-06-21', '端午节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-09-25', '中秋节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-09-26', '中秋节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-09-27', '中秋节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-01', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-02', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-03', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-04', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-05', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-06', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-07', '国庆节', 'off', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-09-20', '国庆节', 'work', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-10', '国庆节', 'work', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2027-01-01', '元旦', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-02-05', '春节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-02-06', '春节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-02-07', '春节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-02-08', '春节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-04-05', '清明节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-05-01', '劳动节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-05-02', '劳动节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-06-09', '端午节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-09-15', '中秋节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-10-01', '国庆节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-10-02', '国庆节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'),
    ('2027-10-03', '国庆节', 'off', '全国年节及纪念日放假办法（法定假日，调休待公布）'));
