-- 0001: township settings, the deputy register, groups, stations and the change log.
-- IDs are UUIDv7 text so records stay unique when many townships sync upward.

CREATE TABLE township (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    code        TEXT NOT NULL,
    county      TEXT NOT NULL DEFAULT '',
    term_name   TEXT NOT NULL DEFAULT '',
    term_start  TEXT NOT NULL DEFAULT '',
    term_end    TEXT NOT NULL DEFAULT '',
    secretary   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE deputy (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    gender        TEXT NOT NULL DEFAULT '',
    ethnicity     TEXT NOT NULL DEFAULT '',
    birth_date    TEXT NOT NULL DEFAULT '',
    party         TEXT NOT NULL DEFAULT '',
    education     TEXT NOT NULL DEFAULT '',
    work_unit     TEXT NOT NULL DEFAULT '',
    post          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    id_number     TEXT NOT NULL DEFAULT '',
    cert_no       TEXT NOT NULL DEFAULT '',
    levels        INTEGER NOT NULL DEFAULT 0,
    district      TEXT NOT NULL DEFAULT '',
    term          TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT '在任',
    status_date   TEXT NOT NULL DEFAULT '',
    status_reason TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
-- A 代表证号 is unique when given; empty ones are allowed many times.
CREATE UNIQUE INDEX deputy_cert_no ON deputy(cert_no) WHERE cert_no <> '';
CREATE INDEX deputy_name ON deputy(name);

CREATE TABLE deputy_group (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    leader_id   TEXT REFERENCES deputy(id) ON DELETE SET NULL,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE group_member (
    group_id   TEXT NOT NULL REFERENCES deputy_group(id) ON DELETE CASCADE,
    deputy_id  TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, deputy_id)
);
CREATE INDEX group_member_deputy ON group_member(deputy_id);

CREATE TABLE station (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    opening_rule TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE station_group (
    station_id TEXT NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES deputy_group(id) ON DELETE CASCADE,
    PRIMARY KEY (station_id, group_id)
);
CREATE INDEX station_group_group ON station_group(group_id);

-- Every change to a record, written in the same transaction as the change.
-- changes holds a JSON object: field -> [old, new].
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL DEFAULT '',
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    summary    TEXT NOT NULL DEFAULT '',
    changes    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);
