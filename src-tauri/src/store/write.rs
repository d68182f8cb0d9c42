//! A write transaction that cannot commit without its audit entry.

use sqlx::{Sqlite, SqliteConnection, Transaction};

use super::Store;
use crate::audit::{self, AuditEntry, ChainLink};
use crate::error::{AppError, AppResult};

pub struct WriteTx<'s> {
    store: &'s Store,
    tx: Transaction<'static, Sqlite>,
    last_link: Option<ChainLink>,
}

impl<'s> WriteTx<'s> {
    pub(super) fn new(store: &'s Store, tx: Transaction<'static, Sqlite>) -> Self {
        WriteTx { store, tx, last_link: None }
    }

    /// The connection, for the statements of this write.
    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Appends an audit entry inside this transaction.
    pub async fn audit(&mut self, entry: AuditEntry) -> AppResult<()> {
        let link = audit::append(&mut self.tx, &entry).await?;
        self.last_link = Some(link);
        Ok(())
    }

    /// Commits the write together with its audit entries, then records the newest
    /// hash outside the database. A write without an audit entry is refused.
    pub async fn commit(self) -> AppResult<()> {
        let Some(link) = self.last_link else {
            return Err(AppError::internal("a write reached commit without its audit entry"));
        };
        self.tx.commit().await?;
        self.store.head().record(&link);
        Ok(())
    }
}
