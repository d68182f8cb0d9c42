//! Session notes, note templates and emergency access. Who may see or write what is
//! decided in `records`, never here.

use std::collections::BTreeMap;


use crate::app::Clinic;
use crate::error::AppResult;
use crate::records::{
    self, Discipline, DraftSaved, EmergencyGrant, Note, NoteSummary, NoteTemplate, TemplateInput,
};

commands! {
    pub async fn list_note_templates(s: &Clinic, token: String) -> AppResult<Vec<NoteTemplate>> {
        let (store, actor) = s.authorize(&token).await?;
        records::note_templates(&store, &actor).await
    }

    pub async fn add_note_template(
        s: &Clinic,
        token: String,
        req: TemplateInput,
    ) -> AppResult<NoteTemplate> {
        let (store, actor) = s.authorize(&token).await?;
        records::add_note_template(&store, &actor, req).await
    }

    pub async fn set_note_template_active(
        s: &Clinic,
        token: String,
        id: i64,
        active: bool,
    ) -> AppResult<NoteTemplate> {
        let (store, actor) = s.authorize(&token).await?;
        records::set_note_template_active(&store, &actor, id, active).await
    }

    pub async fn start_note(
        s: &Clinic,
        token: String,
        patient_id: i64,
        template_id: i64,
        appointment_id: Option<i64>,
    ) -> AppResult<Note> {
        let (store, actor) = s.authorize(&token).await?;
        records::start_note(&store, &actor, patient_id, template_id, appointment_id).await
    }

    pub async fn save_note_draft(
        s: &Clinic,
        token: String,
        note_id: i64,
        content: BTreeMap<String, String>,
    ) -> AppResult<DraftSaved> {
        let (store, actor) = s.authorize(&token).await?;
        records::save_draft(&store, &actor, note_id, content).await
    }

    pub async fn my_note_drafts(
        s: &Clinic,
        token: String,
        patient_id: Option<i64>,
    ) -> AppResult<Vec<NoteSummary>> {
        let (store, actor) = s.authorize(&token).await?;
        records::my_drafts(&store, &actor, patient_id).await
    }

    pub async fn sign_note(s: &Clinic, token: String, note_id: i64) -> AppResult<Note> {
        let (store, actor) = s.authorize(&token).await?;
        records::sign_note(&store, &actor, note_id).await
    }

    pub async fn amend_note(
        s: &Clinic,
        token: String,
        note_id: i64,
        reason: String,
    ) -> AppResult<Note> {
        let (store, actor) = s.authorize(&token).await?;
        records::amend_note(&store, &actor, note_id, &reason).await
    }

    pub async fn discard_note_draft(s: &Clinic, token: String, note_id: i64) -> AppResult<()> {
        let (store, actor) = s.authorize(&token).await?;
        records::discard_draft(&store, &actor, note_id).await
    }

    pub async fn list_notes(
        s: &Clinic,
        token: String,
        patient_id: i64,
        discipline: Option<Discipline>,
    ) -> AppResult<Vec<NoteSummary>> {
        let (store, actor) = s.authorize(&token).await?;
        records::notes_of(&store, &actor, patient_id, discipline).await
    }

    pub async fn get_note(s: &Clinic, token: String, note_id: i64) -> AppResult<Note> {
        let (store, actor) = s.authorize(&token).await?;
        records::get_note(&store, &actor, note_id).await
    }

    pub async fn latest_note(
        s: &Clinic,
        token: String,
        patient_id: i64,
        discipline: Discipline,
    ) -> AppResult<Option<Note>> {
        let (store, actor) = s.authorize(&token).await?;
        records::latest_note(&store, &actor, patient_id, discipline).await
    }

    pub async fn break_glass(
        s: &Clinic,
        token: String,
        patient_id: i64,
        reason: String,
    ) -> AppResult<EmergencyGrant> {
        let (store, actor) = s.authorize(&token).await?;
        records::break_glass(&store, &actor, patient_id, &reason).await
    }

    pub async fn emergency_status(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Option<EmergencyGrant>> {
        let (store, actor) = s.authorize(&token).await?;
        records::emergency_status(&store, &actor, patient_id).await
    }
}
