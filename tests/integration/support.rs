use std::path::{Path, PathBuf};

use alhayat::audit::Origin;
use alhayat::auth::{Actor, Role};
use alhayat::store::key::DbKey;
use alhayat::store::{connect_options, db_path, OpenMode, Store};
use sqlx::{ConnectOptions, SqliteConnection};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub key: DbKey,
    pub store: Store,
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        db_path(self.dir.path())
    }
}

pub async fn fresh_store() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate();
    let store = Store::open(dir.path(), &key, OpenMode::FIRST_RUN).await.unwrap();
    Fixture { dir, key, store }
}

/// A second connection to the file with the key, as someone with the key but outside
/// the app would open it.
pub async fn raw_connection(path: &Path, key: &DbKey) -> SqliteConnection {
    connect_options(path, key).connect().await.unwrap()
}

pub fn origin() -> Origin {
    Origin { staff_id: None, workstation: "test-ws".into() }
}

pub async fn add_staff(store: &Store, username: &str, full_name: &str, roles: &[Role]) -> i64 {
    let mut tx = store.begin_write().await.unwrap();
    let id = alhayat::staff::insert(tx.conn(), username, full_name, password_hash(), roles).await.unwrap();
    tx.audit(origin().entry(alhayat::audit::AuditAction::Create, "staff", Some(id.to_string()), "test"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

pub const PASSWORD: &str = "blue-kettle-42";

/// Hashed once per run: argon2 is slow on purpose.
pub fn password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| alhayat::auth::password::hash(PASSWORD).unwrap())
}

/// The session a sign-in opened (not the new-password step).
pub fn signed_in(
    r: Result<alhayat::auth::SignInOutcome, alhayat::error::AppError>,
) -> alhayat::auth::SignedIn {
    r.unwrap().signed_in().expect("a session, not the new-password step")
}

pub fn actor(id: i64, roles: &[Role]) -> Actor {
    Actor { staff_id: id, roles: roles.to_vec(), workstation: "test-ws".into() }
}

/// Every byte of every file in the data folder (database, WAL, head, logs).
pub fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.extend(std::fs::read(entry).unwrap_or_default());
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                files.extend(walk(&p));
            } else {
                files.push(p);
            }
        }
    }
    files
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Removes a data folder's keyring entry when a test that made one ends.
pub struct ForgetOnDrop(pub PathBuf);
impl Drop for ForgetOnDrop {
    fn drop(&mut self) {
        let _ = alhayat::store::keyring::KeyVault::for_data_dir(&self.0).forget();
    }
}

/// Every file under `dir`, sub-folders included.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
}

/// Whether the live store's file is still in the data folder.
pub fn db_path_exists(dir: &Path) -> bool {
    db_path(dir).is_file()
}
