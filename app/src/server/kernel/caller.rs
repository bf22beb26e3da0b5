//! Who is calling: the signed-in person a request acts for.
/// Who is calling: the signed-in person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub id: crate::model::Id,
    pub role: crate::model::OrgRole,
    pub display_name: String,
}
