//! The encrypted store: one SQLCipher file in the data folder, opened in one place.

pub mod backup;
pub mod key;
pub mod keyring;
mod write;

pub use write::{AuditedRead, WriteTx};

use key::DbKey;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    Sqlite, SqliteAutoVacuum, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::audit::{ChainLink, HeadFile};

pub const DB_FILE: &str = "clinic.db";
/// SQLCipher's page size; an intact file is a whole number of pages.
const PAGE_SIZE: u64 = 4096;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The key does not open the file: either another key, or a file that is not a
    /// database at all. SQLCipher cannot tell these apart.
    #[error("the key does not open this file")]
    WrongKeyOrNotADatabase,
    /// The file is visibly broken (empty, cut short).
    #[error("the database file is damaged")]
    Damaged,
    #[error("no database file exists yet")]
    Missing,
    #[error("the data folder cannot be written to")]
    ReadOnly,
    /// Another process of the app has the store open for writing.
    #[error("the store is open in another window")]
    InUse,
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Database(sqlx::Error),
}

#[derive(Debug, Clone, Copy)]
pub struct OpenMode {
    /// Create the file when it does not exist (first run only).
    pub create: bool,
    /// Back up and run pending migrations.
    pub migrate: bool,
}

impl OpenMode {
    pub const APP: OpenMode = OpenMode { create: false, migrate: true };
    pub const FIRST_RUN: OpenMode = OpenMode { create: true, migrate: true };
    pub const INSPECT: OpenMode = OpenMode { create: false, migrate: false };
}

pub struct Store {
    pool: SqlitePool,
    data_dir: PathBuf,
    head: HeadFile,
    /// The write gate, holding the newest audit link. Writes are serialised here,
    /// which lets an audit entry be chained without first reading the last one back.
    writer: tokio::sync::Mutex<Option<ChainLink>>,
    /// A digest of the key that opened the file (never the key), so a recovery key typed
    /// later can be recognised as this clinic's.
    key_fingerprint: [u8; 32],
    /// Kept to open the backups this store writes (`backups::verify`); the pool's
    /// connect options already hold it in memory, so this adds no new place it lives.
    key: DbKey,
    /// The connection the desk's searches read through and audit through (`AuditedRead`).
    /// In WAL mode a commit on another connection empties every other connection's page
    /// cache, so a search audited through any pooled connection would make the next search
    /// read its pages from the encrypted file again (about 5 times slower, measured);
    /// a connection's own commit leaves its cache whole.
    desk: tokio::sync::Mutex<Option<PoolConnection<Sqlite>>>,
    /// The one connection every `WriteTx` runs on. For the same reason as the desk's:
    /// writes taken from the shared pool went round its idle connections, each finding its
    /// cache emptied by the others' commits, so a write read every page it touched
    /// (a patient's invoices, the indexes it updates) from the encrypted file again.
    writes: SqlitePool,
    /// Held for the store's life when it writes: one writing process per data folder,
    /// so the link above cannot go stale behind our back.
    _single_writer: Option<std::fs::File>,
}

pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// Connection options for the encrypted file; every pragma is set here and nowhere else.
///
/// sqlx logs each statement's SQL (at debug, and at warn when slow), and the pragmas
/// run as statements: `PRAGMA key` would put the raw key in the log. Statement logging
/// is therefore off for every connection that carries the key, at every level.
pub fn connect_options(path: &Path, key: &DbKey) -> SqliteConnectOptions {
    use sqlx::ConnectOptions;
    SqliteConnectOptions::new()
        .disable_statement_logging()
        .filename(path)
        .pragma("key", key.pragma_value())
        .pragma("cipher_log_level", "NONE")
        .auto_vacuum(SqliteAutoVacuum::Incremental)
        .journal_mode(SqliteJournalMode::Wal)
        // A booking the receptionist saw as saved must survive a power cut.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .pragma("secure_delete", "ON")
        .pragma("cache_size", "-65536")
        .busy_timeout(Duration::from_secs(5))
}

fn is_not_a_database(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.code().as_deref() == Some("26") || db.message().contains("file is not a database")
        }
        _ => false,
    }
}

fn map_db_error(e: sqlx::Error) -> OpenError {
    if is_not_a_database(&e) {
        return OpenError::WrongKeyOrNotADatabase;
    }
    if let sqlx::Error::Database(db) = &e {
        let m = db.message();
        if m.contains("readonly") || m.contains("unable to open") {
            return OpenError::ReadOnly;
        }
    }
    OpenError::Database(e)
}

/// Refuses files that are visibly not a database before SQLite sees them, so that an
/// empty or cut-short file is never treated as a new database.
fn check_file_shape(path: &Path) -> Result<bool, OpenError> {
    match std::fs::metadata(path) {
        Ok(meta) => {
            if meta.len() == 0 || meta.len() % PAGE_SIZE != 0 {
                return Err(OpenError::Damaged);
            }
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
    }
}

fn check_writable(data_dir: &Path) -> Result<(), OpenError> {
    let probe = data_dir.join(".write-check");
    match crate::owner_only::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(OpenError::ReadOnly),
        Err(e) if e.raw_os_error() == Some(30) => Err(OpenError::ReadOnly), // EROFS
        Err(e) => Err(e.into()),
    }
}

/// SQLCipher's log level is process-wide; setting it on a throw-away in-memory
/// connection first keeps a wrong key's decryption errors off stderr too.
async fn quiet_sqlcipher_logging() {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        use sqlx::ConnectOptions;
        let quiet = SqliteConnectOptions::new().in_memory(true).pragma("cipher_log_level", "NONE");
        if let Ok(conn) = quiet.connect().await {
            let _ = sqlx::Connection::close(conn).await;
        }
    })
    .await;
}

/// An exclusive lock on `clinic.lock` in the data folder, released when the file is
/// dropped or the process ends (however it ends).
pub(crate) fn lock_for_writing(data_dir: &Path) -> Result<std::fs::File, OpenError> {
    let file =
        crate::owner_only::open_for_writing(&data_dir.join("clinic.lock")).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                OpenError::ReadOnly
            }
            _ => e.into(),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(OpenError::InUse),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

impl Store {
    pub async fn open(data_dir: &Path, key: &DbKey, mode: OpenMode) -> Result<Store, OpenError> {
        quiet_sqlcipher_logging().await;
        let path = db_path(data_dir);
        let exists = check_file_shape(&path)?;
        if !exists && !mode.create {
            return Err(OpenError::Missing);
        }
        if mode.create || mode.migrate {
            // SQLite creates the database, its WAL and its copies with the umask.
            crate::owner_only::restrict_umask();
            crate::owner_only::create_dir_all(data_dir).map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => OpenError::ReadOnly,
                _ => e.into(),
            })?;
            check_writable(data_dir)?;
        }
        let single_writer =
            if mode.create || mode.migrate { Some(lock_for_writing(data_dir)?) } else { None };
        let options = connect_options(&path, key).create_if_missing(mode.create && !exists);
        // Opened on the first write and kept: its cache is warm for the next one.
        let writes = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_lazy_with(options.clone());
        // Four for reads side by side (the verifier's ranges), one kept for the desk's searches.
        let pool = SqlitePoolOptions::new()
            .max_connections(5)
            .min_connections(1)
            .connect_with(options)
            .await
            .map_err(map_db_error)?;
        // Without this a wrong key would only surface at the first real query.
        sqlx::query("SELECT count(*) FROM sqlite_master").fetch_one(&pool).await.map_err(map_db_error)?;

        let mut store = Store {
            pool,
            data_dir: data_dir.to_path_buf(),
            head: HeadFile::new(data_dir),
            writer: tokio::sync::Mutex::new(None),
            key_fingerprint: key.fingerprint(),
            key: key.clone(),
            desk: tokio::sync::Mutex::new(None),
            writes,
            _single_writer: single_writer,
        };
        if mode.migrate {
            store.migrate().await?;
            store.ensure_incremental_vacuum().await.map_err(OpenError::Database)?;
        }
        let mut conn = store.pool.acquire().await.map_err(OpenError::Database)?;
        let has_audit: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'",
        )
        .fetch_one(&mut *conn)
        .await
        .map_err(OpenError::Database)?;
        if has_audit > 0 {
            *store.writer.get_mut() =
                crate::audit::last_link(&mut conn).await.map_err(OpenError::Database)?;
        }
        drop(conn);
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), OpenError> {
        let applied = self.applied_migrations().await.map_err(OpenError::Database)?;
        let pending: Vec<i64> = MIGRATOR.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect();
        if pending.is_empty() {
            return Ok(());
        }
        // A database that already holds data is copied aside before its schema changes.
        if !applied.is_empty() {
            let label = format!("before-migration-{}", pending[0]);
            backup::write_backup(self, &label).await.map_err(OpenError::Database)?;
        }
        MIGRATOR.run(&self.pool).await.map_err(|e| OpenError::Database(e.into()))?;
        Ok(())
    }

    /// Erasure gives freed pages back with `incremental_vacuum`, which needs
    /// `auto_vacuum = INCREMENTAL`. A new file gets it from the connection options before
    /// its first table; a file created before that is switched once, by a VACUUM.
    async fn ensure_incremental_vacuum(&self) -> Result<(), sqlx::Error> {
        const INCREMENTAL: i64 = 2;
        let mut conn = self.pool.acquire().await?;
        let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum").fetch_one(&mut *conn).await?;
        if mode != INCREMENTAL {
            tracing::info!("switching the store to incremental auto-vacuum (once)");
            sqlx::query("PRAGMA auto_vacuum = INCREMENTAL").execute(&mut *conn).await?;
            sqlx::query("VACUUM").execute(&mut *conn).await?;
        }
        Ok(())
    }

    async fn applied_migrations(&self) -> Result<Vec<i64>, sqlx::Error> {
        let has_table: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&self.pool)
        .await?;
        if has_table == 0 {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&self.pool)
            .await
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn head(&self) -> &HeadFile {
        &self.head
    }

    pub(crate) fn key(&self) -> &DbKey {
        &self.key
    }

    /// Whether `key` is the key this store was opened with (compared in constant time).
    pub fn is_clinic_key(&self, key: &DbKey) -> bool {
        DbKey::fingerprints_match(&self.key_fingerprint, &key.fingerprint())
    }

    /// Starts a write. `BEGIN IMMEDIATE` takes the write lock first, so the audit chain's
    /// "read the last hash, append the next" cannot interleave with another writer.
    pub async fn begin_write(&self) -> Result<WriteTx<'_>, sqlx::Error> {
        let gate = self.writer.lock().await;
        let tx = self.writes.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx::new(self, gate, tx))
    }

    pub async fn close(self) {
        self.close_pool().await;
    }

    /// Closes every connection (checkpointing the WAL); the store is unusable afterwards.
    pub async fn close_pool(&self) {
        // The pool waits for checked-out connections: give the desk's back first.
        self.desk.lock().await.take();
        self.writes.close().await;
        self.pool.close().await;
    }
}
