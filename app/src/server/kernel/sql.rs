//! Raw SQL for the statements SeaORM's builder cannot write (batched upserts, sums over
//! rollups): text and bound values, with each backend's placeholders (`$1` or `?`).
use std::fmt::Write;

use chrono::NaiveDate;
use sea_orm::{DbBackend, Statement, Value};

/// `$1, $2…` on PostgreSQL, `?` on SQLite.
pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        if self.backend == DbBackend::Postgres {
            let _ = write!(self.text, "${}", self.values.len());
        } else {
            self.text.push('?');
        }
        self
    }

    /// ` AND day BETWEEN from AND to`.
    pub fn days(&mut self, from: NaiveDate, to: NaiveDate) -> &mut Self {
        self.push(" AND day BETWEEN ")
            .bind(from)
            .push(" AND ")
            .bind(to)
    }

    pub fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}
