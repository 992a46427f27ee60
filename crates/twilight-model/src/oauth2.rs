//! OAuth2 scopes and authorization information.

// STUB owned by helper M4: replace every stub below with the full types.
