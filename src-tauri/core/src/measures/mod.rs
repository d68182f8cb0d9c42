//! Outcome measures (privacy policy 2.2: treatment progress and outcomes): the PHQ-9
//! and GAD-7 of psychology, the NPRS and PSFS of physiotherapy, scored by pure rules
//! (`scoring`) and recorded, listed and flagged by the service (`record`), under the
//! record's visibility rules.

mod record;
pub mod scoring;

pub use record::{
    instruments, list, record, risk_flags, visible_measures, Measure, MeasureInput, RiskDetails, RiskFlag,
    RiskKind,
};
pub use scoring::{score, Activity, ActivityInput, Band, BandRange, Instrument, InstrumentInfo, Scored};
