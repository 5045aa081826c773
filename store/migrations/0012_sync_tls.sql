-- 0012: how the township trusts the county hub over HTTPS: a CA
-- certificate file the county hands out, and the hub certificate's SHA-256
-- pinned at enrolment (from the county's enrolment reply).
ALTER TABLE sync_settings ADD COLUMN ca_file TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_settings ADD COLUMN hub_pin TEXT NOT NULL DEFAULT '';
