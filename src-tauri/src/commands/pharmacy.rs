//! Thin handlers (to be written).
