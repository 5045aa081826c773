-- 0002: deputy photos. The compact JPEG lives in its own table so listing the
-- register never reads image bytes.

CREATE TABLE deputy_photo (
    deputy_id  TEXT PRIMARY KEY REFERENCES deputy(id) ON DELETE CASCADE,
    jpeg       BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
