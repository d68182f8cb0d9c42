//! The one error type of the application.
//!
//! It crosses to the UI as `{ kind, message, field? }`. `message` is written for the
//! person at the desk; details of internal failures go to the log (never patient data)
//! and the UI gets a short sentence instead.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AppError {
    /// Something typed is not acceptable; `field` names the form field when there is one.
    #[error("{message}")]
    Validation {
        message: String,
        #[ts(optional)]
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// The signed-in person's roles do not allow this.
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    /// The action clashes with the current state (already done, already taken).
    #[error("{message}")]
    Conflict {
        message: String,
        #[ts(optional)]
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// The session or account is locked, or the store cannot be opened yet.
    #[error("{message}")]
    Locked { message: String },
    #[error("{message}")]
    Internal { message: String },
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation { message: message.into(), field: Some(field.to_string()) }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Validation { message: message.into(), field: None }
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden { message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::NotFound { message: message.into() }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict { message: message.into(), field: None }
    }
    pub fn locked(message: impl Into<String>) -> Self {
        AppError::Locked { message: message.into() }
    }
    /// Logs `detail` (which must hold no patient data) and returns a short message.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        AppError::Internal {
            message: "Something went wrong and nothing was saved. Please try again; if it keeps happening, tell the administrator.".into(),
        }
    }
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::Validation { .. } => "validation",
            AppError::Forbidden { .. } => "forbidden",
            AppError::NotFound { .. } => "not_found",
            AppError::Conflict { .. } => "conflict",
            AppError::Locked { .. } => "locked",
            AppError::Internal { .. } => "internal",
        }
    }
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } | AppError::Conflict { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

/// Constraint names that become a field error with a sentence for the desk.
/// SQLite reports them as `UNIQUE constraint failed: table.column`.
const CONSTRAINTS: &[(&str, &str, &str)] = &[
    ("staff.username", "username", "This user name is already taken. Choose another one."),
    ("services.name", "name", "A service with this name already exists."),
    ("rooms.name", "name", "A room with this name already exists."),
];

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let msg = db.message();
            if msg.starts_with("UNIQUE constraint failed") {
                for (constraint, field, text) in CONSTRAINTS {
                    if msg.contains(constraint) {
                        return AppError::Conflict {
                            message: (*text).to_string(),
                            field: Some((*field).to_string()),
                        };
                    }
                }
            }
            if msg.contains("database is locked") || msg.contains("busy") {
                return AppError::conflict("Another window is saving at the same moment. Please try again.");
            }
        }
        // sqlx errors carry SQL and codes, never bound values, so they are safe to log.
        AppError::internal(format!("database: {e}"))
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::internal(format!("file system: {e}"))
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::internal(format!("background task: {e}"))
    }
}
