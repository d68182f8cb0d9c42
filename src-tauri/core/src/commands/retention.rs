//! Retention rules, erasure, anonymisation and the retention review.

use crate::app::Clinic;
use crate::error::AppResult;
use crate::retention::{
    self, AnonymisationOutcome, ErasureOutcome, RecordKind, RetentionRule, RetentionRuleInput,
    ReviewItem,
};

commands! {
    pub async fn retention_rules(s: &Clinic, token: String) -> AppResult<Vec<RetentionRule>> {
        let (store, actor) = s.authorize(&token).await?;
        retention::rules(&store, &actor).await
    }

    pub async fn set_retention_rule(
        s: &Clinic,
        token: String,
        rule: RetentionRuleInput,
    ) -> AppResult<Vec<RetentionRule>> {
        let (store, actor) = s.authorize(&token).await?;
        retention::set_rule(&store, &actor, rule).await
    }

    pub async fn erase_patient(
        s: &Clinic,
        token: String,
        patient_id: i64,
        request_id: Option<i64>,
    ) -> AppResult<ErasureOutcome> {
        let (store, actor) = s.authorize(&token).await?;
        retention::erase_patient(&store, &actor, patient_id, request_id).await
    }

    pub async fn erase_patient_records(
        s: &Clinic,
        token: String,
        patient_id: i64,
        kinds: Vec<RecordKind>,
    ) -> AppResult<ErasureOutcome> {
        let (store, actor) = s.authorize(&token).await?;
        retention::erase_records(&store, &actor, patient_id, &kinds, None).await
    }

    pub async fn anonymise_patient(
        s: &Clinic,
        token: String,
        patient_id: i64,
        request_id: Option<i64>,
    ) -> AppResult<AnonymisationOutcome> {
        let (store, actor) = s.authorize(&token).await?;
        retention::anonymise_patient(&store, &actor, patient_id, request_id).await
    }

    pub async fn retention_review(s: &Clinic, token: String) -> AppResult<Vec<ReviewItem>> {
        let (store, actor) = s.authorize(&token).await?;
        retention::due_for_review(&store, &actor).await
    }

    /// The number shown at start-up and each day: patients with records due to go.
    pub async fn retention_due_count(s: &Clinic, token: String) -> AppResult<u32> {
        let (store, actor) = s.authorize(&token).await?;
        retention::count_due(&store, &actor).await
    }
}
