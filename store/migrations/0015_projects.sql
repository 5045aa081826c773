-- 0015: 民生实事代表票决. A year's candidate items, the vote at the 人代会
-- (settings and tally), the chosen items split into 点位 led by deputies,
-- each 点位 checked off (销号) with evidence, and the year-end 满意度测评.

-- One row per year: the session that votes, how many items to choose, and
-- the tally's 应到/实到 deputies.
CREATE TABLE project_vote (
    year       INTEGER PRIMARY KEY,
    session    TEXT NOT NULL DEFAULT '',
    choose     INTEGER NOT NULL DEFAULT 0 CHECK (choose >= 0),
    vote_day   TEXT NOT NULL DEFAULT '',
    expected   INTEGER NOT NULL DEFAULT 0 CHECK (expected >= 0),
    present    INTEGER NOT NULL DEFAULT 0 CHECK (present >= 0),
    tallied    INTEGER NOT NULL DEFAULT 0,
    survey_day TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

-- A candidate item; votes and chosen are filled by the tally, sat_* by the
-- year-end 满意度测评. A source case or suggestion is kept as a link back.
CREATE TABLE project (
    id                   TEXT PRIMARY KEY,
    year                 INTEGER NOT NULL,
    position             INTEGER NOT NULL,
    title                TEXT NOT NULL,
    department           TEXT NOT NULL DEFAULT '',
    budget               REAL NOT NULL DEFAULT 0 CHECK (budget >= 0),
    content              TEXT NOT NULL DEFAULT '',
    source               TEXT NOT NULL DEFAULT '' CHECK (source IN ('', '群众反映事项', '代表建议', '部门申报', '其他')),
    source_case_id       TEXT REFERENCES cases(id) ON DELETE SET NULL,
    source_suggestion_id TEXT REFERENCES suggestion(id) ON DELETE SET NULL,
    votes_for            INTEGER NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
    votes_against        INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
    votes_abstain        INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
    chosen               INTEGER NOT NULL DEFAULT 0,
    rank                 INTEGER NOT NULL DEFAULT 0,
    sat_good             INTEGER NOT NULL DEFAULT 0 CHECK (sat_good >= 0),
    sat_fair             INTEGER NOT NULL DEFAULT 0 CHECK (sat_fair >= 0),
    sat_bad              INTEGER NOT NULL DEFAULT 0 CHECK (sat_bad >= 0),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX project_year ON project(year, position);
CREATE INDEX project_case ON project(source_case_id);
CREATE INDEX project_suggestion ON project(source_suggestion_id);

-- 点位: one place where a chosen item is carried out, 销号 once done_day is set.
CREATE TABLE project_site (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    location    TEXT NOT NULL,
    content     TEXT NOT NULL DEFAULT '',
    planned_day TEXT NOT NULL DEFAULT '',
    done_day    TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX project_site_project ON project_site(project_id, position);

-- The deputies responsible for a 点位 (from the register).
CREATE TABLE project_site_deputy (
    site_id   TEXT NOT NULL REFERENCES project_site(id) ON DELETE CASCADE,
    deputy_id TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    PRIMARY KEY (site_id, deputy_id)
);
CREATE INDEX project_site_deputy_deputy ON project_site_deputy(deputy_id);

-- The photo taken when a 点位 was checked off, as compact JPEG.
CREATE TABLE project_site_photo (
    site_id    TEXT PRIMARY KEY REFERENCES project_site(id) ON DELETE CASCADE,
    jpeg       BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
