//! Pharmacy: items, stock batches and dispensing (to be written).
