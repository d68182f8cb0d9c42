//! Outcome measures (to be written).
