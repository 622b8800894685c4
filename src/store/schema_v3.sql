-- Version 3: the trail of withdrawals and reinstatements.
-- Every withdrawal and reinstatement of a submission, in order. The
-- submission's withdrawn_at and withdrawn_reason remain its current
-- withdrawal (which the view submission_state reads); this is the trail.
CREATE TABLE submission_event (
    submission_id INTEGER NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    at            TEXT    NOT NULL,  -- RFC 3339 with offset
    action        TEXT    NOT NULL CHECK (action IN ('withdrawn', 'reinstated')),
    reason        TEXT,              -- why it was withdrawn; NULL for a reinstatement
    PRIMARY KEY (submission_id, seq),
    CHECK ((action = 'withdrawn') = (reason IS NOT NULL))
);
INSERT INTO submission_event (submission_id, seq, at, action, reason)
SELECT id, 1, withdrawn_at, 'withdrawn', withdrawn_reason FROM submission
WHERE withdrawn_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM submission_event e WHERE e.submission_id = submission.id);
