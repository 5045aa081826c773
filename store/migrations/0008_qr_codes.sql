-- 0008: 代表码 images kept between runs. A code takes milliseconds to
-- encode and changes only with the deputy's name, phone or station, so the
-- PNG is stored by the SHA-256 of its content. Derived data: not in the
-- change log, safe to delete.
CREATE TABLE qr_code (
    content_sha TEXT PRIMARY KEY,
    png         BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
