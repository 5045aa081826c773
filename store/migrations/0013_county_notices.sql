-- 0013: notices the county publishes (holiday calendar, 评分细则 template,
-- 上报 deadline). They arrive signed by the county hub and wait as pending
-- until the secretary applies or dismisses them; the signed file is kept as
-- received, so it can be checked again.
CREATE TABLE county_notice (
    serial       INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL DEFAULT '',
    content      TEXT NOT NULL,
    signed       BLOB NOT NULL,
    via          TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'dismissed')),
    received_at  TEXT NOT NULL,
    decided_at   TEXT NOT NULL DEFAULT ''
);
-- The county hub's notice-signing public key: from the enrolment reply, or
-- recorded on the first connection to the hub.
CREATE TABLE county_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
