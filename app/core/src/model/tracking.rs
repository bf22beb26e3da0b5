//! Conversions: API tokens, website tracking, the funnel and attribution.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{AttributionModel, ConversionKind, Id, TokenScope};

/// An API token as listed: never the token itself, which is shown once when made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: Id,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub scopes: Vec<TokenScope>,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenInput {
    pub project_id: Id,
    pub name: String,
    pub scopes: Vec<TokenScope>,
}

/// A token just made: the only time its secret is seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub token: ApiTokenView,
    pub secret: String,
}

/// How data reaches a project other than by file: its API tokens and its site's tracking key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connections {
    pub project_id: Id,
    /// Whether the reader may make and revoke tokens.
    pub can_manage: bool,
    pub tokens: Vec<ApiTokenView>,
    /// The public key the tracking snippet sends with its events; made when first asked for.
    pub site_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelQuery {
    pub project_id: Id,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub model: AttributionModel,
    /// The conversions credited.
    pub kind: ConversionKind,
}

/// Visitors at each step of the funnel, conversions by kind, and conversions credited to
/// channels under the model asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub model: AttributionModel,
    pub kind: ConversionKind,
    pub currency: crate::domain::money::Currency,
    /// Visitors reaching each step of `domain::tracking::STEPS`.
    pub steps: Vec<i64>,
    pub events: i64,
    /// CRM conversions by kind: how many, and their value in minor units.
    pub conversions: Vec<(ConversionKind, i64, i64)>,
    /// Orders the shop's own pages reported through the snippet, and their value: unconfirmed,
    /// shown apart and never added to the CRM's.
    #[serde(default)]
    pub browser_orders: (i64, i64),
    pub credits: Vec<crate::domain::tracking::Credit>,
}
