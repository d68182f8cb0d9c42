-- The clinic itself and the people who work in it.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row: the clinic's profile as printed on letters and slips.
CREATE TABLE clinic_profile (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL,
    phone      TEXT NOT NULL,
    logo       BLOB,
    logo_mime  TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE staff (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL COLLATE NOCASE,
    full_name           TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    language            TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ur')),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CONSTRAINT staff_username UNIQUE (username)
);

CREATE TABLE staff_roles (
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    role     TEXT NOT NULL CHECK (role IN ('administrator', 'reception', 'physiotherapist',
                                           'psychologist', 'pharmacist', 'privacy_officer')),
    PRIMARY KEY (staff_id, role)
) WITHOUT ROWID;
