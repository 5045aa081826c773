-- 0005: upward sync. The township's signing key, the hub settings and the
-- outbox of signed bundles waiting to go to the county.

-- One Ed25519 key pair per township, made at setup; the public half goes to
-- the county in the enrolment request.
CREATE TABLE sync_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB NOT NULL,
    private_key BLOB NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE sync_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hub_url      TEXT NOT NULL DEFAULT '',
    -- the county's deadline: day of the following month a monthly report is due
    deadline_day INTEGER NOT NULL DEFAULT 5 CHECK (deadline_day BETWEEN 1 AND 28),
    updated_at   TEXT NOT NULL
);

-- One row per bundle (its ID is the bundle ID). The signed zip is kept here
-- so it survives restarts and can be exported to a USB stick at any time.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    period        TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    title         TEXT NOT NULL,
    data          BLOB NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'cancelled')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    -- bytes the hub has confirmed; an interrupted upload resumes here
    upload_offset INTEGER NOT NULL DEFAULT 0,
    receipt       TEXT NOT NULL DEFAULT '',
    delivered_at  TEXT NOT NULL DEFAULT '',
    -- the county's verdict on a delivered bundle
    verdict       TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'accepted', 'returned')),
    verdict_reason TEXT NOT NULL DEFAULT '',
    verdict_at    TEXT NOT NULL DEFAULT '',
    superseded_by TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (kind, period, version)
);

CREATE INDEX outbox_state ON outbox(state, created_at);
