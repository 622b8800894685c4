-- Version 2: the attempt log, the collection's audit trail. Every file that
-- `import` processes leaves one row, in the same transaction as what it
-- stored: never the file's bytes or answers, only what tells the attempt
-- apart (its name without folders, SHA-256, whom and which year it was for
-- where that could be told) and what became of it.
CREATE TABLE attempt (
    id            INTEGER PRIMARY KEY,
    at            TEXT    NOT NULL,  -- RFC 3339 with offset
    file_name     TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,  -- '' for a file refused before it was read
    respondent    TEXT,
    year          INTEGER,
    outcome       TEXT    NOT NULL CHECK (outcome IN ('stored', 'unchanged', 'rejected')),
    errors        INTEGER NOT NULL,
    warnings      INTEGER NOT NULL,
    -- The codes and places of its first errors, one "code place" per line.
    first_errors  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX attempt_by_respondent ON attempt (respondent, year);
