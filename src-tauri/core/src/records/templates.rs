//! Note templates: the titled sections a session note is written in. Three are built
//! in (one per discipline); the administrator adds the clinic's own. A template in use
//! is never edited, because signed notes keep their content by its section keys: to
//! change one, add a new template and deactivate the old.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::access::{is_clinician, Discipline};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission, Role};
use crate::clock::utc_text;
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

pub const MAX_SECTIONS: usize = 30;
const MAX_TITLE: usize = 80;
const MAX_KEY: usize = 40;

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum SectionKind {
    #[serde(rename = "text")]
    Text,
    /// A whole number from 0 to 10, such as the pain score.
    #[serde(rename = "score_0_10")]
    Score0To10,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateSection {
    /// How the section's text is kept in a note; leave empty in a new template to
    /// have it made from the title.
    #[serde(default)]
    pub key: String,
    pub title: String,
    pub kind: SectionKind,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NoteTemplate {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub discipline: Discipline,
    pub sections: Vec<TemplateSection>,
    pub builtin: bool,
    pub active: bool,
}

/// A clinic template as the administrator types it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct TemplateInput {
    pub name: String,
    pub discipline: Discipline,
    pub sections: Vec<TemplateSection>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    discipline: String,
    sections: String,
    builtin: bool,
    active: bool,
}

impl Row {
    fn into_template(self) -> AppResult<NoteTemplate> {
        let discipline = Discipline::parse(&self.discipline)
            .ok_or_else(|| AppError::internal(format!("note template {}: unknown discipline", self.id)))?;
        let sections = serde_json::from_str(&self.sections)
            .map_err(|e| AppError::internal(format!("note template {}: sections: {e}", self.id)))?;
        Ok(NoteTemplate {
            id: self.id,
            name: self.name,
            discipline,
            sections,
            builtin: self.builtin,
            active: self.active,
        })
    }
}

/// A template by id, active or not (old notes keep the template they were written in).
pub(crate) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Option<NoteTemplate>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, discipline, sections, builtin, active FROM note_templates WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(Row::into_template).transpose()
}

/// A key made from a title: lower-case ASCII letters and digits joined by `_`.
fn key_from_title(title: &str, position: usize) -> String {
    let mut key = String::new();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push('_');
        }
        key.push_str(&word.to_ascii_lowercase());
    }
    key.truncate(MAX_KEY);
    let key = key.trim_end_matches('_').to_string();
    // A title in Urdu has no ASCII letters to make a key from.
    if key.is_empty() || !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("section_{}", position + 1)
    } else {
        key
    }
}

/// Checks a clinic template: a name, 1 to 30 sections with short titles and keys of
/// their own. Empty keys are made from the titles.
pub fn check_template(input: &TemplateInput) -> AppResult<TemplateInput> {
    let name = validate::text("name", "The template's name", &input.name, MAX_TITLE)?;
    if input.sections.is_empty() || input.sections.len() > MAX_SECTIONS {
        return Err(AppError::validation(
            "sections",
            format!("A template has 1 to {MAX_SECTIONS} sections; this one has {}.", input.sections.len()),
        ));
    }
    let mut sections: Vec<TemplateSection> = Vec::with_capacity(input.sections.len());
    for (i, s) in input.sections.iter().enumerate() {
        let field = |f: &str| format!("sections.{i}.{f}");
        let title = validate::text(&field("title"), "A section's title", &s.title, MAX_TITLE)?;
        let key = match s.key.trim() {
            "" => key_from_title(&title, i),
            typed => typed.to_string(),
        };
        let well_formed = key.len() <= MAX_KEY
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            return Err(AppError::validation(
                &field("key"),
                format!(
                    "A section's key starts with a letter and uses only small English letters, digits and _ (at most {MAX_KEY})."
                ),
            ));
        }
        if let Some(j) = sections.iter().position(|other| other.key == key) {
            return Err(AppError::validation(
                &field("key"),
                format!(
                    "Sections {} and {} would both be kept as “{key}”: give one of them another title or key.",
                    j + 1,
                    i + 1
                ),
            ));
        }
        sections.push(TemplateSection { key, title, kind: s.kind });
    }
    Ok(TemplateInput { name, discipline: input.discipline, sections })
}

/// The disciplines whose templates a clinician uses.
fn disciplines_of(actor: &Actor) -> Vec<Discipline> {
    Discipline::ALL.into_iter().filter(|d| actor.roles.contains(&d.role())).collect()
}

/// The templates a person may use: a clinician, the active ones of their discipline;
/// the administrator, all of them (inactive too, to reactivate).
pub async fn note_templates(store: &Store, actor: &Actor) -> AppResult<Vec<NoteTemplate>> {
    let admin = actor.roles.contains(&Role::Administrator);
    if !admin && !is_clinician(actor) {
        return Err(AppError::forbidden("Note templates are for clinicians and the administrator."));
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, discipline, sections, builtin, active FROM note_templates
         ORDER BY active DESC, discipline, builtin DESC, name",
    )
    .fetch_all(store.pool())
    .await?;
    let mine = disciplines_of(actor);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let t = row.into_template()?;
        if admin || (t.active && mine.contains(&t.discipline)) {
            out.push(t);
        }
    }
    Ok(out)
}

/// Adds a clinic template (administrator only).
pub async fn add_note_template(
    store: &Store,
    actor: &Actor,
    input: TemplateInput,
) -> AppResult<NoteTemplate> {
    actor.require(Permission::EditClinicSettings)?;
    let t = check_template(&input)?;
    let sections = serde_json::to_string(&t.sections)
        .map_err(|e| AppError::internal(format!("note template sections: {e}")))?;
    let mut tx = store.begin_write().await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM note_templates WHERE name = ?")
        .bind(&t.name)
        .fetch_optional(tx.conn())
        .await?;
    if taken.is_some() {
        return Err(AppError::Conflict {
            message: "A note template with this name already exists. Choose another name.".into(),
            field: Some("name".into()),
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO note_templates (name, discipline, sections, builtin, active, created_by, created_at)
         VALUES (?, ?, ?, 0, 1, ?, ?) RETURNING id",
    )
    .bind(&t.name)
    .bind(t.discipline.as_str())
    .bind(&sections)
    .bind(actor.staff_id)
    .bind(utc_text(chrono::Utc::now()))
    .fetch_one(tx.conn())
    .await?;
    tx.audit(actor.origin().entry(
        AuditAction::Create,
        "note_template",
        Some(id.to_string()),
        format!("{}, {} sections", t.discipline.as_str(), t.sections.len()),
    ))
    .await?;
    let saved = load(tx.conn(), id).await?.ok_or_else(|| AppError::internal("a new template vanished"))?;
    tx.commit().await?;
    Ok(saved)
}

/// Takes a clinic template out of use (or back). Notes written in it keep it.
pub async fn set_note_template_active(
    store: &Store,
    actor: &Actor,
    id: i64,
    active: bool,
) -> AppResult<NoteTemplate> {
    actor.require(Permission::EditClinicSettings)?;
    let mut tx = store.begin_write().await?;
    let t = load(tx.conn(), id)
        .await?
        .ok_or_else(|| AppError::not_found("This note template does not exist."))?;
    if t.builtin {
        return Err(AppError::conflict(
            "The built-in templates cannot be changed or taken out of use. Add a clinic template instead.",
        ));
    }
    if t.active == active {
        return Ok(t);
    }
    sqlx::query("UPDATE note_templates SET active = ? WHERE id = ?")
        .bind(active)
        .bind(id)
        .execute(tx.conn())
        .await?;
    let action = if active { AuditAction::Reactivate } else { AuditAction::Deactivate };
    tx.audit(actor.origin().entry(action, "note_template", Some(id.to_string()), "")).await?;
    tx.commit().await?;
    Ok(NoteTemplate { active, ..t })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(key: &str, title: &str) -> TemplateSection {
        TemplateSection { key: key.into(), title: title.into(), kind: SectionKind::Text }
    }

    fn input(sections: Vec<TemplateSection>) -> TemplateInput {
        TemplateInput { name: " Back pain review ".into(), discipline: Discipline::Physiotherapy, sections }
    }

    #[test]
    fn kinds_are_stored_as_the_migration_writes_them() {
        let kinds: Vec<TemplateSection> = serde_json::from_str(
            r#"[{"key":"a","title":"A","kind":"text"},{"key":"p","title":"P","kind":"score_0_10"}]"#,
        )
        .unwrap();
        assert_eq!(kinds[1].kind, SectionKind::Score0To10);
        assert_eq!(serde_json::to_string(&SectionKind::Score0To10).unwrap(), "\"score_0_10\"");
    }

    #[test]
    fn keys_are_made_from_titles_when_left_empty() {
        let t = check_template(&input(vec![
            section("", "Objective: range of motion"),
            section("", "درد کی جگہ"),
            section(" pain ", "Pain"),
            section("", "2nd visit"),
        ]))
        .unwrap();
        let keys: Vec<&str> = t.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["objective_range_of_motion", "section_2", "pain", "section_4"]);
        assert_eq!(t.name, "Back pain review");
    }

    #[test]
    fn bad_templates_name_the_field() {
        let cases: Vec<(Vec<TemplateSection>, &str)> = vec![
            (vec![], "sections"),
            ((0..31).map(|i| section(&format!("s{i}"), "T")).collect(), "sections"),
            (vec![section("plan", "Plan"), section("", "plan")], "sections.1.key"),
            (vec![section("Plan!", "Plan")], "sections.0.key"),
            (vec![section("1st", "First")], "sections.0.key"),
            (vec![section(&"k".repeat(41), "Long key")], "sections.0.key"),
            (vec![section("a", "  ")], "sections.0.title"),
            (vec![section("a", "ok"), section("b", &"t".repeat(81))], "sections.1.title"),
        ];
        for (sections, field) in cases {
            let e = check_template(&input(sections)).unwrap_err();
            assert_eq!(e.field(), Some(field), "{e}");
        }
        let thirty: Vec<_> = (0..30).map(|i| section(&format!("s{i}"), "T")).collect();
        assert!(check_template(&input(thirty)).is_ok());
        let unnamed = TemplateInput { name: " ".into(), ..input(vec![section("a", "A")]) };
        assert_eq!(check_template(&unnamed).unwrap_err().field(), Some("name"));
    }
}
