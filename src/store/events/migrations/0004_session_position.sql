-- Where an event sits in its session, set by the ingest's session step as it assigns the session:
-- page and screen views so far (this one included), seconds since the session's first event, and
-- the same at the session's previous event (-1 on its first). Engagement goals (pages per session,
-- session duration) read them directly; computing them at query time took a window sorted over
-- every event of the period, most of a rates report's time.
ALTER TABLE events
    ADD COLUMN IF NOT EXISTS session_pages UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS session_seconds Float64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS session_prev_seconds Float64 DEFAULT -1;
