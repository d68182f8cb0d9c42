-- Nobody grants themselves access to clinical records (issue 11).
--
-- `staff_roles` holds the roles a person has. A clinical or privacy-officer role given
-- by an administrator waits in `role_grants` until a privacy officer who neither asked
-- for it nor holds it confirms it (or, for the clinic's only privacy officer, the
-- recovery key does). A password reset puts the person's clinical roles back there.

-- After a reset (or for a new account) `password_hash` holds the hash of a one-time
-- code that is good only for choosing a new password, until `reset_code_expires_at`.
ALTER TABLE staff ADD COLUMN must_choose_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_choose_password IN (0, 1));
ALTER TABLE staff ADD COLUMN reset_code_expires_at TEXT;

CREATE TABLE role_grants (
    id             INTEGER PRIMARY KEY,
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    role           TEXT NOT NULL CHECK (role IN ('physiotherapist', 'psychologist', 'pharmacist',
                                                 'privacy_officer')),
    -- added: an administrator gave the role; password_reset: a reset suspended it.
    cause          TEXT NOT NULL CHECK (cause IN ('added', 'password_reset')),
    requested_by   INTEGER NOT NULL REFERENCES staff (id),
    requested_at   TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'confirmed', 'declined', 'withdrawn')),
    decided_by     INTEGER REFERENCES staff (id),
    decided_at     TEXT,
    confirmed_with TEXT CHECK (confirmed_with IN ('privacy_officer', 'recovery_key')),
    decline_reason TEXT,
    CHECK ((state = 'pending') = (decided_at IS NULL)),
    CHECK ((state = 'confirmed') = (confirmed_with IS NOT NULL)),
    CHECK ((state = 'declined') = (decline_reason IS NOT NULL))
);

CREATE UNIQUE INDEX role_grants_one_pending ON role_grants (staff_id, role) WHERE state = 'pending';
CREATE INDEX role_grants_by_state ON role_grants (state, requested_at);

-- What changed on a person's account, shown to them once at their next sign-in.
CREATE TABLE account_changes (
    id       INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('role_given', 'role_removed', 'role_suspended',
                                           'role_declined', 'password_reset')),
    role     TEXT,
    by_staff INTEGER REFERENCES staff (id),
    grant_id INTEGER REFERENCES role_grants (id),
    shown_at TEXT
);

CREATE INDEX account_changes_unseen ON account_changes (staff_id, id) WHERE shown_at IS NULL;
