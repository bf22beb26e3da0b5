//! The error every server function returns. It travels to the browser as JSON and is shown there
//! translated; the server logs the cause before turning it into `Internal`.
use serde::{Deserialize, Serialize};

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    NotFound,
    Invalid(Vec<FieldError>),
    Conflict,
    /// An edit of a task changed fields (named by their labels) that someone else changed
    /// meanwhile; `current` is the task as it is now.
    EditConflict {
        fields: Vec<K>,
        current: Box<TaskView>,
    },
    RateLimited,
    BadCredentials,
    AlreadySetUp,
    BadTransition,
    /// The titles of the tasks in the loop, in order, the first repeated at the end.
    DependencyCycle(Vec<String>),
    UsernameTaken,
    /// The request body is larger than this endpoint takes (at most this many KiB).
    TooLarge(i64),
    Internal,
    Transport(String),
}

/// What a log line says of the error (a person sees `message`, translated).
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Unauthenticated => f.write_str("sign-in required"),
            AppError::Forbidden => f.write_str("not allowed"),
            AppError::NotFound => f.write_str("not found"),
            AppError::Invalid(x) => write!(f, "invalid input: {x:?}"),
            AppError::Conflict => f.write_str("changed by someone else"),
            AppError::EditConflict { fields, .. } => write!(f, "edit conflict on {fields:?}"),
            AppError::RateLimited => f.write_str("too many attempts"),
            AppError::BadCredentials => f.write_str("wrong username or password"),
            AppError::AlreadySetUp => f.write_str("already set up"),
            AppError::BadTransition => f.write_str("status change not allowed"),
            AppError::DependencyCycle(x) => write!(f, "dependency loop: {x:?}"),
            AppError::UsernameTaken => f.write_str("username taken"),
            AppError::TooLarge(n) => write!(f, "body over {n} KiB"),
            AppError::Internal => f.write_str("internal error"),
            AppError::Transport(x) => write!(f, "request failed: {x}"),
        }
    }
}

/// Any other failure — the database, a file, an encoding — is the server's own: its cause is
/// logged and the caller is told `Internal`, so `?` works on it. `AppError` is deliberately not a
/// `std::error::Error` itself, which is what lets this conversion exist. Input is checked before
/// it is used (`domain::validate`), never by `?` on a parse.
impl<E: std::error::Error + Send + Sync + 'static> From<E> for AppError {
    fn from(err: E) -> Self {
        tracing::error!(error = %err, "internal error");
        AppError::Internal
    }
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
            AppError::TooLarge(n) => {
                return K::ErrBodyTooLarge
                    .text(locale)
                    .replace("{n}", &n.to_string());
            }
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

    /// The HTTP status it is answered with: what monitoring, proxies and API clients read.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            // A value of the wrong kind is a request the server could not read as sent.
            AppError::Invalid(errors) if errors.iter().any(|e| e.key == K::ErrWrongType) => 400,
            AppError::Invalid(_) | AppError::DependencyCycle(_) => 422,
            AppError::Conflict
            | AppError::EditConflict { .. }
            | AppError::AlreadySetUp
            | AppError::BadTransition
            | AppError::UsernameTaken => 409,
            AppError::RateLimited => 429,
            AppError::TooLarge(_) => 413,
            AppError::Internal => 500,
            // Only the browser's side makes these; a request the server could not read at all.
            AppError::Transport(_) => 400,
        }
    }

    /// A body the server could not take as this function's arguments: the field serde names
    /// (`missing field` / `unknown field`), else the position it stopped at, as `@line:column`
    /// for the answering layer to turn into the field's name.
    pub fn unreadable_arguments(message: &str) -> AppError {
        let named = ["missing field `", "unknown field `", "duplicate field `"]
            .iter()
            .find_map(|p| message.split(p).nth(1))
            .and_then(|rest| rest.split('`').next());
        let field = match named {
            Some(name) => name.to_string(),
            None => message
                .rsplit_once(" at line ")
                .and_then(|(_, at)| at.split_once(" column "))
                .map(|(line, column)| format!("@{}:{}", line.trim(), column.trim()))
                .unwrap_or_default(),
        };
        let key = if message.contains("missing field") {
            K::ErrRequired
        } else {
            K::ErrWrongType
        };
        AppError::Invalid(vec![FieldError {
            field,
            key,
            arg: None,
        }])
    }
}

/// How a server function's error travels: as JSON, and a failure of the transport itself (the
/// network, an unreadable answer) becomes `Transport`.
#[cfg(feature = "server-fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr as E;
        match value {
            // The server could not take the body as the function's arguments.
            E::Args(message) => AppError::unreadable_arguments(&message),
            // What the JSON codec says when the arguments do not decode (on the server; on the
            // browser's side an answer never fails to decode this way).
            E::Deserialization(message)
                if [
                    " at line ",
                    "missing field",
                    "unknown field",
                    "invalid type",
                    "invalid value",
                ]
                .iter()
                .any(|m| message.contains(m)) =>
            {
                AppError::unreadable_arguments(&message)
            }
            E::MissingArg(name) => AppError::invalid(&name, K::ErrRequired),
            // Reading the body stopped at the endpoint's limit (on the server).
            E::Deserialization(message) if message.contains("length limit exceeded") => {
                AppError::TooLarge(0)
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
