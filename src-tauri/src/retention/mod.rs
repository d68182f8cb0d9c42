//! Retention (privacy policy 7 and 8): how long each kind of record is kept, when a
//! patient's records may go, secure erasure, anonymisation, and the review of records
//! whose retention has ended.

pub mod evaluate;
pub mod rules;

pub use evaluate::{evaluate, PatientFacts, Verdict};
pub use rules::{check_rule, rules, set_rule, CountedFrom, RecordKind, RetentionRule, RetentionRuleInput};
