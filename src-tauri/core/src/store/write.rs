//! A write transaction that cannot commit without its audit entry.

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection, Transaction};
use tokio::sync::MutexGuard;

use super::Store;
use crate::audit::{self, AuditEntry, ChainLink};
use crate::error::{AppError, AppResult};

/// Holds the store's write gate for its whole life, so the newest link it read is
/// still the newest when it appends, and is published only once committed.
pub struct WriteTx<'s> {
    store: &'s Store,
    gate: MutexGuard<'s, Option<ChainLink>>,
    tx: Transaction<'s, Sqlite>,
    last_link: Option<ChainLink>,
    /// An erasure is in this write: the ledger's copy beside the store follows the commit.
    erasure: bool,
}

impl<'s> WriteTx<'s> {
    pub(super) fn new(
        store: &'s Store,
        gate: MutexGuard<'s, Option<ChainLink>>,
        tx: Transaction<'s, Sqlite>,
    ) -> Self {
        WriteTx { store, gate, tx, last_link: None, erasure: false }
    }

    /// The connection, for the statements of this write.
    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Marks the write as erasing patient data (see `backups::ledger`).
    pub fn note_erasure(&mut self) {
        self.erasure = true;
    }

    /// Appends an audit entry inside this transaction.
    pub async fn audit(&mut self, entry: AuditEntry) -> AppResult<()> {
        let prev = self.last_link.as_ref().or(self.gate.as_ref());
        let link = audit::append_after(&mut self.tx, &entry, prev).await?;
        self.last_link = Some(link);
        Ok(())
    }

    /// Appends an entry that names every patient in `patient_ids` (a list read or an
    /// export): the ids go to the side table, their count and digest into the summary.
    pub async fn audit_naming(&mut self, mut entry: AuditEntry, patient_ids: &[i64]) -> AppResult<()> {
        let ids = audit::named::normalised(patient_ids);
        entry.summary = audit::named::with_claim(&entry.summary, &ids);
        let prev = self.last_link.as_ref().or(self.gate.as_ref());
        let link = audit::append_after(&mut self.tx, &entry, prev).await?;
        audit::named::insert(&mut self.tx, link.seq, &ids).await?;
        self.last_link = Some(link);
        Ok(())
    }

    /// Commits the write together with its audit entries, then records the newest
    /// hash outside the database. A write without an audit entry is refused.
    pub async fn commit(self) -> AppResult<()> {
        let WriteTx { store, mut gate, tx, last_link, erasure } = self;
        let Some(link) = last_link else {
            return Err(AppError::internal("a write reached commit without its audit entry"));
        };
        tx.commit().await?;
        store.head().record(&link);
        *gate = Some(link);
        drop(gate);
        // After the gate is given back: the copy is flushed to disk, which others need not wait for.
        if erasure {
            crate::backups::ledger::mirror(store, &[store.data_dir()]).await;
        }
        Ok(())
    }
}

/// A read of patient data that audits itself through the connection it read on (the
/// store's desk connection, one at a time): read with `conn()`, then `audit_naming`.
/// The write gate is taken only for the append and its commit.
pub struct AuditedRead<'s> {
    store: &'s Store,
    conn: MutexGuard<'s, Option<PoolConnection<Sqlite>>>,
}

impl AuditedRead<'_> {
    pub fn conn(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().expect("acquired with the read")
    }

    /// Writes the read's entry naming `patient_ids`, on the connection that read them.
    pub async fn audit_naming(mut self, entry: AuditEntry, patient_ids: &[i64]) -> AppResult<()> {
        let store = self.store;
        let gate = store.writer.lock().await;
        let tx = sqlx::Connection::begin_with(self.conn(), "BEGIN IMMEDIATE").await?;
        let mut w = WriteTx::new(store, gate, tx);
        w.audit_naming(entry, patient_ids).await?;
        w.commit().await
    }
}

impl Store {
    /// Starts a read on the desk's connection (see `Store::desk`).
    pub async fn audited_read(&self) -> AppResult<AuditedRead<'_>> {
        let mut conn = self.desk.lock().await;
        if conn.is_none() {
            *conn = Some(self.pool.acquire().await?);
        }
        Ok(AuditedRead { store: self, conn })
    }

    /// Audits a read already done. The read itself ran on the pool, outside the write
    /// gate; the gate is held only for this one append and its commit.
    pub async fn audit_read(&self, entry: AuditEntry) -> AppResult<()> {
        let mut tx = self.begin_write().await?;
        tx.audit(entry).await?;
        tx.commit().await
    }

    /// `audit_read` for a list: the entry names every patient the list showed.
    pub async fn audit_read_naming(&self, entry: AuditEntry, patient_ids: &[i64]) -> AppResult<()> {
        let mut tx = self.begin_write().await?;
        tx.audit_naming(entry, patient_ids).await?;
        tx.commit().await
    }
}
