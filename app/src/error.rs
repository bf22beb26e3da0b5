//! The error every server function returns. It travels to the browser as JSON and is shown there
//! translated; the server logs the cause before turning it into `Internal`.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::{Locale, K};
use crate::model::TaskView;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: K,
    /// A number the message mentions (a maximum length, say).
    pub arg: Option<i64>,
}

impl FieldError {
    pub fn message(&self, locale: Locale) -> String {
        let text = self.key.text(locale);
        match self.arg {
            Some(n) => text.replace("{n}", &n.to_string()),
            None => text.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("changed by someone else")]
    Conflict,
    /// An edit of a task changed fields (named by their labels) that someone else changed
    /// meanwhile; `current` is the task as it is now.
    #[error("edit conflict on {fields:?}")]
    EditConflict {
        fields: Vec<K>,
        current: Box<TaskView>,
    },
    #[error("too many attempts")]
    RateLimited,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("already set up")]
    AlreadySetUp,
    #[error("status change not allowed")]
    BadTransition,
    /// The titles of the tasks in the loop, in order, the first repeated at the end.
    #[error("dependency loop: {0:?}")]
    DependencyCycle(Vec<String>),
    #[error("username taken")]
    UsernameTaken,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, key: K) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            key,
            arg: None,
        }])
    }

    /// A refusal naming one field and a number its message mentions (a maximum, say).
    pub fn invalid_with(field: &str, key: K, arg: i64) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            key,
            arg: Some(arg),
        }])
    }

    /// The message a person sees.
    pub fn message(&self, locale: Locale) -> String {
        let key = match self {
            AppError::Unauthenticated => K::ErrUnauthenticated,
            AppError::Forbidden => K::ErrForbidden,
            AppError::NotFound => K::ErrNotFound,
            AppError::Invalid(errors) => {
                return errors
                    .iter()
                    .map(|e| e.message(locale))
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            AppError::Conflict => K::ErrConflict,
            AppError::EditConflict { fields, .. } => {
                let separator = match locale {
                    Locale::Zh => "、",
                    Locale::En => ", ",
                };
                let names: Vec<&str> = fields.iter().map(|f| f.text(locale)).collect();
                return K::ErrEditConflict
                    .text(locale)
                    .replace("{fields}", &names.join(separator));
            }
            AppError::RateLimited => K::ErrRateLimited,
            AppError::BadCredentials => K::ErrBadCredentials,
            AppError::AlreadySetUp => K::ErrAlreadySetUp,
            AppError::BadTransition => K::ErrBadTransition,
            AppError::DependencyCycle(titles) => {
                return K::ErrDependencyCycle
                    .text(locale)
                    .replace("{tasks}", &titles.join(" → "));
            }
            AppError::UsernameTaken => K::ErrUsernameTaken,
            AppError::Internal => K::ErrInternal,
            AppError::Transport(_) => K::ErrNetwork,
        };
        key.text(locale).to_string()
    }

    /// The message for one form field, if this error names it.
    pub fn field_message(&self, field: &str, locale: Locale) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message(locale)),
            _ => None,
        }
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> Self {
        AppError::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
