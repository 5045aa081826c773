-- 0009: the township's own settings that are not part of its identity,
-- as key/value pairs (visitors' privacy in reports, for now).
CREATE TABLE app_setting (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
