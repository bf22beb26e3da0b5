//! How data reaches a project other than by file: API tokens (made by a project's managers,
//! shown once, kept as SHA-256 hashes, each limited to its project and scopes and acting for the
//! person who made it, so it can do no more than they still may), and the public key of the
//! project's site for the tracking snippet.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::kernel::authz::{authorize_project, require_changeable_project, require_project};
use super::kernel::entity::{api_token, tracking_site, user};
use super::kernel::records;
use super::kernel::sessions::new_token;
use super::kernel::sessions::token_hash;
use super::kernel::{audit, AppState, Caller};
use crate::domain::money::Currency;
use crate::domain::policy::{allows, Action};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{
    ApiTokenInput, ApiTokenView, AuditAction, AuditEntity, Connections, Id, NewApiToken, OrgRole,
    TokenScope,
};

/// What every token starts with, so one found in a log or a repository is recognised.
pub const TOKEN_PREFIX: &str = "mq_";
const NAME_MAX: usize = 80;

fn scopes_of(text: &str) -> Vec<TokenScope> {
    text.split(',').filter_map(TokenScope::parse).collect()
}

fn view_of(t: api_token::Model, names: &std::collections::HashMap<Id, String>) -> ApiTokenView {
    ApiTokenView {
        id: t.id,
        scopes: scopes_of(&t.scopes),
        created_by: records::user_ref(names, t.created_by),
        name: t.name,
        prefix: t.prefix,
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}

fn connections_changed() -> crate::live::ProjectChange {
    crate::live::ProjectChange {
        connections: true,
        ..Default::default()
    }
}

/// The project's tokens (for those who may manage them) and its site key.
pub async fn connections(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
) -> AppResult<Connections> {
    let (p, role) = require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    let can_manage = allows(caller.role, role, Action::ManageConnections);
    let tokens = if can_manage {
        let found = api_token::Entity::find()
            .filter(api_token::Column::ProjectId.eq(p.id))
            .order_by_desc(api_token::Column::Id)
            .all(&state.db)
            .await?;
        let names = records::names(&state.db, found.iter().map(|t| t.created_by)).await?;
        found.into_iter().map(|t| view_of(t, &names)).collect()
    } else {
        Vec::new()
    };
    let site_key = tracking_site::Entity::find_by_id(p.id)
        .one(&state.db)
        .await?
        .map(|s| s.site_key);
    Ok(Connections {
        project_id: p.id,
        can_manage,
        tokens,
        site_key,
    })
}

/// Makes a token; its secret is in the answer and nowhere else.
pub async fn create_token(
    state: &AppState,
    caller: &Caller,
    input: ApiTokenInput,
) -> AppResult<NewApiToken> {
    let name: String = input.name.trim().chars().take(NAME_MAX).collect();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(("name", K::ErrRequired));
    }
    let mut scopes: Vec<TokenScope> = Vec::new();
    for s in input.scopes {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    if scopes.is_empty() {
        errors.push(("scopes", K::ErrScopes));
    }
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, input.project_id, Action::ManageConnections)
        .await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(
            errors
                .into_iter()
                .map(|(f, k)| crate::error::FieldError {
                    field: f.to_string(),
                    key: k,
                    arg: None,
                })
                .collect(),
        ));
    }
    let secret = format!("{TOKEN_PREFIX}{}", new_token());
    let record = api_token::ActiveModel {
        project_id: Set(p.id),
        name: Set(name),
        prefix: Set(secret.chars().take(TOKEN_PREFIX.len() + 6).collect()),
        token_hash: Set(token_hash(&secret)),
        scopes: Set(scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        created_by: Set(caller.id),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::ApiToken, record.id, AuditAction::Create)
        .in_project(p.id)
        .by(caller.id)
        .after(&(&record.name, &record.prefix, &record.scopes))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, connections_changed())
        .await?;
    let names = records::names(&state.db, [caller.id]).await?;
    Ok(NewApiToken {
        token: view_of(record, &names),
        secret,
    })
}

/// Revokes a token: it is refused from then on, and stays listed as revoked.
pub async fn revoke_token(state: &AppState, caller: &Caller, token_id: Id) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let found = api_token::Entity::find_by_id(token_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    require_project(&txn, caller, found.project_id, Action::ManageConnections).await?;
    if found.revoked_at.is_some() {
        return Err(AppError::invalid("token", K::ErrTokenRevoked));
    }
    let mut active: api_token::ActiveModel = found.clone().into();
    active.revoked_at = Set(Some(Utc::now()));
    active.update(&txn).await?;
    audit::Entry::new(AuditEntity::ApiToken, found.id, AuditAction::Delete)
        .in_project(found.project_id)
        .by(caller.id)
        .before(&(&found.name, &found.prefix))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, found.project_id, caller, connections_changed())
        .await?;
    Ok(())
}

/// The project's site key, made the first time.
pub async fn site_key(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<String> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::ManageConnections).await?;
    if let Some(site) = tracking_site::Entity::find_by_id(p.id).one(&txn).await? {
        return Ok(site.site_key);
    }
    let key = format!("mqs_{}", &new_token()[..24]);
    tracking_site::ActiveModel {
        project_id: Set(p.id),
        site_key: Set(key.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(key)
}

/// The project a site key belongs to, with the currency its orders are counted in: one query,
/// as every beacon asks.
pub async fn project_of_site(state: &AppState, key: &str) -> AppResult<Option<(Id, Currency)>> {
    let mut sql = super::kernel::sql::Sql::new(state.db.get_database_backend());
    sql.push(
        "SELECT p.id AS id, p.currency AS currency FROM tracking_sites s \
         JOIN projects p ON p.id = s.project_id WHERE s.site_key = ",
    )
    .bind(key);
    let Some(row) = state.db.query_one_raw(sql.statement()).await? else {
        return Ok(None);
    };
    let currency: String = row.try_get("", "currency")?;
    Ok(Some((
        row.try_get("", "id")?,
        Currency::parse(&currency).unwrap_or_default(),
    )))
}

/// Why a request to the ingestion API was refused before its content was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No token, an unknown one, a revoked one, or its maker can no longer sign in.
    Unauthenticated,
    /// The token lacks the scope.
    Forbidden,
    /// The token is for another project (or the project is gone).
    NotFound,
}

/// The person a bearer token acts for in `project_id`, when it carries `scope`; marks it used.
/// Whether they may still write the project's data is the service's check, as for a person.
pub async fn authenticate(
    state: &AppState,
    bearer: &str,
    project_id: Id,
    scope: TokenScope,
) -> AppResult<Result<Caller, Refusal>> {
    let bearer = bearer.trim();
    if !bearer.starts_with(TOKEN_PREFIX) {
        return Ok(Err(Refusal::Unauthenticated));
    }
    let Some(found) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash(bearer)))
        .one(&state.db)
        .await?
    else {
        return Ok(Err(Refusal::Unauthenticated));
    };
    if found.revoked_at.is_some() {
        return Ok(Err(Refusal::Unauthenticated));
    }
    let Some(person) = user::Entity::find_by_id(found.created_by)
        .one(&state.db)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(Err(Refusal::Unauthenticated));
    };
    if found.project_id != project_id {
        return Ok(Err(Refusal::NotFound));
    }
    if !scopes_of(&found.scopes).contains(&scope) {
        return Ok(Err(Refusal::Forbidden));
    }
    let caller = Caller {
        id: person.id,
        role: OrgRole::parse(&person.role).unwrap_or(OrgRole::Viewer),
        display_name: person.display_name,
    };
    // Seeing the project is checked here so that a token whose maker left it says "not found".
    if let Some(p) = super::kernel::entity::project::Entity::find_by_id(project_id)
        .one(&state.db)
        .await?
    {
        if let Err(AppError::NotFound) =
            authorize_project(&state.db, &caller, &p, Action::ViewProject).await
        {
            return Ok(Err(Refusal::NotFound));
        }
    } else {
        return Ok(Err(Refusal::NotFound));
    }
    let mut used: api_token::ActiveModel = found.into();
    used.last_used_at = Set(Some(Utc::now()));
    used.update(&state.db).await?;
    Ok(Ok(caller))
}
