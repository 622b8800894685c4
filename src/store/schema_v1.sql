-- Version 1 of the collection's schema.

-- One row per stored file. Which submission of a respondent and year is
-- current is derived (view submission_state), never stored, so it cannot
-- disagree with the rows.
CREATE TABLE submission (
    id               INTEGER PRIMARY KEY,
    respondent       TEXT    NOT NULL,
    year             INTEGER NOT NULL,
    survey_id        TEXT    NOT NULL,
    survey_version   INTEGER NOT NULL,
    file_name        TEXT    NOT NULL,
    sha256           TEXT    NOT NULL UNIQUE,
    -- The file as received; NULL once its personal data is erased.
    original         BLOB,
    answered         TEXT    NOT NULL,            -- besvarad, ISO date
    imported_at      TEXT    NOT NULL,            -- RFC 3339 with offset
    example          INTEGER NOT NULL DEFAULT 0,  -- stored with --example
    withdrawn_at     TEXT,
    withdrawn_reason TEXT,
    contacts_erased_at TEXT,
    CHECK (example IN (0, 1)),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
CREATE INDEX submission_by_respondent ON submission (respondent, year);

-- The typed answers of a submission, as in `collect export`.
CREATE TABLE answer (
    submission_id INTEGER NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    section       TEXT    NOT NULL,
    row           TEXT    NOT NULL,  -- '' (form), a record number, or a grid row id
    question      TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice', 'respondent')),
    value         TEXT    NOT NULL,
    place         TEXT    NOT NULL,
    personal      INTEGER NOT NULL CHECK (personal IN (0, 1)),
    PRIMARY KEY (submission_id, section, row, question)
);

-- The warnings a stored submission was accepted with.
CREATE TABLE warning (
    submission_id INTEGER NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    code          TEXT    NOT NULL,
    place         TEXT    NOT NULL,
    question      TEXT,
    message       TEXT    NOT NULL,
    PRIMARY KEY (submission_id, seq)
);

-- Each submission with its state: withdrawn; else current when it has the
-- latest answer date of its respondent and year, the latest import among
-- equal dates; else superseded.
CREATE VIEW submission_state AS
SELECT s.*,
       CASE
           WHEN s.withdrawn_at IS NOT NULL THEN 'withdrawn'
           WHEN ROW_NUMBER() OVER (
                    PARTITION BY s.respondent, s.year, s.withdrawn_at IS NULL
                    ORDER BY s.answered DESC, s.id DESC) = 1 THEN 'current'
           ELSE 'superseded'
       END AS state,
       (SELECT COUNT(*) FROM warning w WHERE w.submission_id = s.id) AS warnings
FROM submission s;
