-- 0016: referral that is followed. A case 转12345热线 keeps the hotline's
-- 工单号 and each state the hotline reports, with its day, until the order
-- is closed; rows are added, never rewritten, so the case's timeline shows
-- every state. A 代表建议 passed to the procuratorate as a 公益诉讼线索, or
-- one that a 公益诉讼检察建议 led to, keeps the procuratorate's 文号, date,
-- subject and state.
CREATE TABLE case_hotline (
    id       TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    order_no TEXT NOT NULL,
    state    TEXT NOT NULL CHECK (state IN ('已转办', '办理中', '已办结', '已回访', '退回')),
    day      TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_hotline_case ON case_hotline(case_id, day, at);
CREATE INDEX case_hotline_order ON case_hotline(order_no);

CREATE TABLE procuratorate_referral (
    id            TEXT PRIMARY KEY,
    suggestion_id TEXT NOT NULL REFERENCES suggestion(id) ON DELETE CASCADE,
    direction     TEXT NOT NULL CHECK (direction IN ('移送线索', '检察建议转来')),
    clue_day      TEXT NOT NULL DEFAULT '',
    ref_no        TEXT NOT NULL DEFAULT '',
    ref_day       TEXT NOT NULL DEFAULT '',
    subject       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('已移送线索', '已立案', '已发检察建议', '已整改回复', '不予立案')),
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX procuratorate_referral_suggestion ON procuratorate_referral(suggestion_id);
CREATE UNIQUE INDEX procuratorate_referral_ref ON procuratorate_referral(ref_no) WHERE ref_no <> '';
