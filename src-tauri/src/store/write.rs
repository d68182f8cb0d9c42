//! A write transaction that cannot commit without its audit entry.

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
    tx: Transaction<'static, Sqlite>,
    last_link: Option<ChainLink>,
}

impl<'s> WriteTx<'s> {
    pub(super) fn new(
        store: &'s Store,
        gate: MutexGuard<'s, Option<ChainLink>>,
        tx: Transaction<'static, Sqlite>,
    ) -> Self {
        WriteTx { store, gate, tx, last_link: None }
    }

    /// The connection, for the statements of this write.
    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Appends an audit entry inside this transaction.
    pub async fn audit(&mut self, entry: AuditEntry) -> AppResult<()> {
        let prev = self.last_link.as_ref().or(self.gate.as_ref());
        let link = audit::append_after(&mut self.tx, &entry, prev).await?;
        self.last_link = Some(link);
        Ok(())
    }

    /// Commits the write together with its audit entries, then records the newest
    /// hash outside the database. A write without an audit entry is refused.
    pub async fn commit(mut self) -> AppResult<()> {
        let Some(link) = self.last_link.take() else {
            return Err(AppError::internal("a write reached commit without its audit entry"));
        };
        self.tx.commit().await?;
        self.store.head().record(&link);
        *self.gate = Some(link);
        Ok(())
    }
}
