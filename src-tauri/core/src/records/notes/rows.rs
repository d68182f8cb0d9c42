//! Notes as stored, and how they become the DTOs the screens read.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use sqlx::SqliteConnection;

use super::content::from_json;
use super::{Note, NoteSection, NoteStatus, NoteSummary};
use crate::error::{AppError, AppResult};
use crate::records::access::Discipline;
use crate::records::templates::{self, NoteTemplate, SectionKind};

/// `SELECT` the columns of a [`NoteSummary`] (`amended_by`: the signed note that
/// corrects it), with `n` the note.
macro_rules! summary_select {
    () => {
        "SELECT n.id, n.patient_id, n.appointment_id, n.template_id, t.name AS template_name, n.discipline,
                n.author_id, s.full_name AS author_name, n.status, n.created_at, n.updated_at, n.signed_at,
                n.amends_id, n.amend_reason,
                (SELECT min(a.id) FROM notes a WHERE a.amends_id = n.id AND a.status = 'signed') AS amended_by"
    };
}
/// What [`summary_select`] reads from.
macro_rules! from_notes {
    () => {
        " FROM notes n JOIN note_templates t ON t.id = n.template_id JOIN staff s ON s.id = n.author_id"
    };
}
pub(super) use {from_notes, summary_select};

#[derive(Debug, sqlx::FromRow)]
pub(super) struct SummaryRow {
    id: i64,
    patient_id: i64,
    appointment_id: Option<i64>,
    template_id: i64,
    template_name: String,
    discipline: String,
    author_id: i64,
    author_name: String,
    status: String,
    created_at: String,
    updated_at: String,
    signed_at: Option<String>,
    amends_id: Option<i64>,
    amend_reason: Option<String>,
    amended_by: Option<i64>,
}

pub(super) fn discipline(note_id: i64, stored: &str) -> AppResult<Discipline> {
    Discipline::parse(stored).ok_or_else(|| AppError::internal(format!("note {note_id}: unknown discipline")))
}

pub(super) fn status(note_id: i64, stored: &str) -> AppResult<NoteStatus> {
    match stored {
        "draft" => Ok(NoteStatus::Draft),
        "signed" => Ok(NoteStatus::Signed),
        _ => Err(AppError::internal(format!("note {note_id}: unknown status"))),
    }
}

impl SummaryRow {
    pub(super) fn into_summary(self) -> AppResult<NoteSummary> {
        Ok(NoteSummary {
            discipline: discipline(self.id, &self.discipline)?,
            status: status(self.id, &self.status)?,
            id: self.id,
            patient_id: self.patient_id,
            appointment_id: self.appointment_id,
            template_id: self.template_id,
            template_name: self.template_name,
            author_id: self.author_id,
            author_name: self.author_name,
            created_at: self.created_at,
            updated_at: self.updated_at,
            signed_at: self.signed_at,
            amends: self.amends_id,
            amend_reason: self.amend_reason,
            amended_by: self.amended_by,
        })
    }
}

/// A summary with the stored content, for whole notes read in bulk.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct FullRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub content: String,
    pub content_sha256: Option<String>,
}

pub(super) fn summaries(rows: Vec<SummaryRow>) -> AppResult<Vec<NoteSummary>> {
    rows.into_iter().map(SummaryRow::into_summary).collect()
}

/// A note's own columns, for the rules that change it.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct Stored {
    pub id: i64,
    pub patient_id: i64,
    pub appointment_id: Option<i64>,
    pub template_id: i64,
    pub discipline: String,
    pub author_id: i64,
    pub status: String,
    pub content: String,
    pub amends_id: Option<i64>,
    pub updated_at: String,
    pub signed_at: Option<String>,
    pub content_sha256: Option<String>,
}

impl Stored {
    pub fn discipline(&self) -> AppResult<Discipline> {
        discipline(self.id, &self.discipline)
    }
    pub fn is_signed(&self) -> bool {
        self.status == "signed"
    }
}

pub(super) async fn stored(conn: &mut SqliteConnection, note_id: i64) -> AppResult<Stored> {
    let row: Option<Stored> = sqlx::query_as(
        "SELECT id, patient_id, appointment_id, template_id, discipline, author_id, status, content, amends_id,
                updated_at, signed_at, content_sha256
         FROM notes WHERE id = ?",
    )
    .bind(note_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or_else(|| AppError::not_found("This note does not exist."))
}

/// Templates read once per call, however many notes use them.
#[derive(Default)]
pub(super) struct Templates(HashMap<i64, NoteTemplate>);

impl Templates {
    pub async fn get(&mut self, conn: &mut SqliteConnection, id: i64) -> AppResult<&NoteTemplate> {
        let slot = match self.0.entry(id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(
                templates::load(conn, id)
                    .await?
                    .ok_or_else(|| AppError::internal(format!("note template {id} is missing")))?,
            ),
        };
        Ok(slot)
    }
}

/// The template's sections in its order, each with its text. Anything kept under a key
/// the template no longer has is shown after them rather than lost.
pub(super) fn sections(template: &NoteTemplate, mut content: BTreeMap<String, String>) -> Vec<NoteSection> {
    let mut out: Vec<NoteSection> = template
        .sections
        .iter()
        .map(|s| NoteSection {
            key: s.key.clone(),
            title: s.title.clone(),
            kind: s.kind,
            text: content.remove(&s.key).unwrap_or_default(),
        })
        .collect();
    out.extend(content.into_iter().map(|(key, text)| NoteSection {
        title: key.clone(),
        key,
        kind: SectionKind::Text,
        text,
    }));
    out
}

/// Builds a whole note from its summary and stored content.
pub(super) async fn compose(
    conn: &mut SqliteConnection,
    templates: &mut Templates,
    summary: NoteSummary,
    content_json: &str,
    content_sha256: Option<String>,
    versions: Vec<NoteSummary>,
) -> AppResult<Note> {
    let content = from_json(summary.id, content_json)?;
    let template = templates.get(conn, summary.template_id).await?;
    Ok(Note { sections: sections(template, content), summary, content_sha256, versions })
}

/// The chains a set of notes forms: each original with its amendments, oldest first.
/// A link to a note not in the set ends the chain there.
pub(super) struct Chains {
    amends: HashMap<i64, Option<i64>>,
    by_original: HashMap<i64, Vec<NoteSummary>>,
}

impl Chains {
    pub fn of(all: &[NoteSummary]) -> Chains {
        let amends: HashMap<i64, Option<i64>> = all.iter().map(|n| (n.id, n.amends)).collect();
        let mut by_original: HashMap<i64, Vec<NoteSummary>> = HashMap::new();
        for n in all {
            by_original.entry(original_in(n.id, &amends)).or_default().push(n.clone());
        }
        for chain in by_original.values_mut() {
            chain.sort_by_key(|n| n.id);
        }
        Chains { amends, by_original }
    }

    /// Every version of the note's chain, itself included.
    pub fn versions_of(&self, id: i64) -> Vec<NoteSummary> {
        self.by_original.get(&original_in(id, &self.amends)).cloned().unwrap_or_default()
    }

    pub fn into_chains(self) -> impl Iterator<Item = Vec<NoteSummary>> {
        self.by_original.into_values()
    }
}

fn original_in(id: i64, amends: &HashMap<i64, Option<i64>>) -> i64 {
    let mut cur = id;
    // Bounded, so a damaged link cannot loop.
    for _ in 0..amends.len() {
        match amends.get(&cur).copied().flatten() {
            Some(p) if amends.contains_key(&p) => cur = p,
            _ => break,
        }
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: i64, amends: Option<i64>) -> NoteSummary {
        NoteSummary {
            id,
            patient_id: 1,
            appointment_id: None,
            template_id: 1,
            template_name: "Physiotherapy session".into(),
            discipline: Discipline::Physiotherapy,
            author_id: 1,
            author_name: "Dr. Bilal Ahmed".into(),
            status: NoteStatus::Signed,
            created_at: String::new(),
            updated_at: String::new(),
            signed_at: None,
            amends,
            amend_reason: amends.map(|_| "typo".into()),
            amended_by: None,
        }
    }

    #[test]
    fn chains_group_an_original_with_its_amendments() {
        let all = vec![note(7, Some(3)), note(1, None), note(3, None), note(9, Some(7)), note(4, Some(1))];
        let chains = Chains::of(&all);
        let ids = |id: i64| chains.versions_of(id).iter().map(|n| n.id).collect::<Vec<_>>();
        assert_eq!(ids(3), [3, 7, 9]);
        assert_eq!(ids(9), [3, 7, 9]);
        assert_eq!(ids(4), [1, 4]);
        assert_eq!(chains.into_chains().count(), 2);
        // An amendment whose original is not visible starts its own chain.
        assert_eq!(Chains::of(&[note(5, Some(2))]).versions_of(5).len(), 1);
    }

    #[test]
    fn sections_follow_the_template_and_keep_stray_keys() {
        let t = NoteTemplate {
            id: 1,
            name: "T".into(),
            discipline: Discipline::Psychology,
            sections: vec![
                templates::TemplateSection { key: "b".into(), title: "B".into(), kind: SectionKind::Text },
                templates::TemplateSection {
                    key: "a".into(),
                    title: "A".into(),
                    kind: SectionKind::Score0To10,
                },
            ],
            builtin: false,
            active: true,
        };
        let content: BTreeMap<String, String> =
            [("a", "4"), ("old", "kept")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let s = sections(&t, content);
        let got: Vec<(&str, &str)> = s.iter().map(|s| (s.key.as_str(), s.text.as_str())).collect();
        assert_eq!(got, [("b", ""), ("a", "4"), ("old", "kept")]);
    }
}
