-- What the clinic offers, where, and when its practitioners work.

CREATE TABLE services (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL COLLATE NOCASE,
    discipline       TEXT NOT NULL CHECK (discipline IN ('physiotherapy', 'psychology', 'pharmacy')),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    price_pkr        INTEGER NOT NULL CHECK (price_pkr >= 0),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CONSTRAINT services_name UNIQUE (name)
);

CREATE TABLE rooms (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL COLLATE NOCASE,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CONSTRAINT rooms_name UNIQUE (name)
);

-- Weekly hours in the clinic's local time; weekday 1 = Monday … 7 = Sunday.
CREATE TABLE working_hours (
    id       INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    weekday  INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts   TEXT NOT NULL,                 -- HH:MM
    ends     TEXT NOT NULL,                 -- HH:MM
    CHECK (starts < ends)
);
CREATE INDEX hours_by_staff ON working_hours (staff_id, weekday);

-- Leave and other absences, as UTC instants.
CREATE TABLE time_off (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL REFERENCES staff (id),
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    reason    TEXT,
    CHECK (starts_at < ends_at)
);
CREATE INDEX time_off_by_staff ON time_off (staff_id, starts_at);
