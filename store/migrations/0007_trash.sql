-- 0007: the 回收站. A deleted record and every row that went with it
-- (cascaded children, cleared references) are kept here as JSON until the
-- secretary restores or empties them.
CREATE TABLE trash (
    id          TEXT PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    label       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    deleted_at  TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    payload     TEXT NOT NULL
);
CREATE INDEX trash_deleted_at ON trash(deleted_at);
