//! What every generated builder shares: the query, the body's fields and
//! files, the audit log reason, and the first broken limit; and the macro
//! that declares a builder per operation.

use crate::{
    Error, ErrorKind, Request,
    multipart::{Attachment, Form},
    request::{Body, Method},
    routing::{Route, encode_segment},
    validate::{self, ValidationError},
};
use serde::Serialize;
use serde_json::{Map, Value};

/// How an operation's body is sent.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) enum BodyMode {
    /// No body.
    None,
    /// A JSON object of the fields.
    Json,
    /// A JSON object, or with files a form of `payload_json` and
    /// `files[n]`.
    JsonFiles,
    /// A form of text fields and named files.
    Form,
    /// A JSON array (the `items` field).
    Array,
}

/// A field of a PATCH body that can be cleared: `Some(Nullable::Null)`
/// sends `null` (removes the value), `Some(Nullable::Value(v))` sends `v`
/// and `None` (the field left out) leaves it unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Nullable<T> {
    /// Sent as `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_none(),
            Self::Value(value) => value.serialize(serializer),
        }
    }
}

/// The parts of a request a builder collects.
#[derive(Default)]
pub(crate) struct Parts {
    /// Names and values, the values already percent-encoded.
    query: Vec<(&'static str, String)>,
    fields: Map<String, Value>,
    files: Vec<(String, Attachment)>,
    reason: Option<String>,
    error: Option<Error>,
}

impl std::fmt::Debug for Parts {
    // Field names only: bodies can carry OAuth2 access tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field(
                "query",
                &self.query.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("files", &self.files)
            .field("reason", &self.reason)
            .field("error", &self.error)
            .finish()
    }
}

impl Parts {
    /// Keeps the first error: later setters must not hide it.
    pub(crate) fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Records a broken limit, if any.
    pub(crate) fn check(&mut self, result: Result<(), ValidationError>) {
        if let Err(error) = result {
            self.fail(error.into());
        }
    }

    /// Sets a body field.
    #[cfg(test)]
    pub(crate) fn field(&mut self, name: &str, value: Value) {
        self.fields.insert(name.to_owned(), value);
    }

    /// The number of files added.
    pub(crate) fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Serialises a value for a field; a failure becomes the request's
    /// error.
    pub(crate) fn serialize(&mut self, value: &(impl Serialize + ?Sized)) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.fail(Error::new(ErrorKind::BuildingRequest, error));
                None
            }
        }
    }

    /// Sets a query parameter, replacing an earlier value.
    pub(crate) fn query(&mut self, name: &'static str, value: &str) {
        self.query.retain(|(key, _)| *key != name);
        self.query.push((name, encoded(value)));
    }

    /// Sets a list query parameter as repeated keys (Discord's array query
    /// strings: `?id=1&id=2`).
    pub(crate) fn query_list(&mut self, name: &'static str, values: Vec<String>) {
        self.query.retain(|(key, _)| *key != name);
        self.query
            .extend(values.into_iter().map(|value| (name, encoded(&value))));
    }

    /// Sets a list query parameter as one comma-delimited value, for the
    /// parameters Discord documents so (`sku_ids`, `include_roles`): the
    /// commas stay literal, each value is encoded.
    pub(crate) fn query_commas(&mut self, name: &'static str, values: &[String]) {
        let mut joined = String::new();
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                joined.push(',');
            }
            encode_segment(value, &mut joined);
        }
        self.query.retain(|(key, _)| *key != name);
        self.query.push((name, joined));
    }

    /// Adds a file under a form field name.
    pub(crate) fn file(&mut self, name: String, attachment: Attachment) {
        self.files.push((name, attachment));
    }

    /// Adds a `files[n]` attachment.
    pub(crate) fn attachment(&mut self, attachment: Attachment) {
        let name = format!("files[{}]", self.files.len());
        self.files.push((name, attachment));
    }

    /// Sets the audit log reason.
    pub(crate) fn reason(&mut self, reason: String) {
        self.check(validate::audit_reason(&reason));
        self.reason = Some(reason);
    }

    /// The request of a generated builder: `body` (its body struct) is
    /// what is sent, as the mode says.
    pub(crate) fn into_typed_request(
        mut self,
        route: &Route,
        mode: BodyMode,
        body: &impl Serialize,
    ) -> Result<Request, Error> {
        if mode != BodyMode::None && self.error.is_none() {
            match serde_json::to_value(body) {
                Ok(Value::Object(fields)) => self.fields = fields,
                Ok(items) => {
                    self.fields.insert("items".to_owned(), items);
                }
                Err(error) => self.fail(Error::new(ErrorKind::BuildingRequest, error)),
            }
        }
        self.into_request(route, mode)
    }

    /// The request, or the first error a setter met.
    pub(crate) fn into_request(mut self, route: &Route, mode: BodyMode) -> Result<Request, Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let mut query = String::new();
        for (name, value) in &self.query {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(name);
            query.push('=');
            query.push_str(value);
        }
        let mut request = route.request_with_query(&query);
        // An empty JSON body on a GET or DELETE says nothing: leave it out.
        let bodiless = self.fields.is_empty()
            && self.files.is_empty()
            && matches!(route.method(), Method::Get | Method::Delete);
        let body = match mode {
            BodyMode::None => None,
            _ if bodiless => None,
            BodyMode::Json => Some(json(&Value::Object(self.fields))?),
            BodyMode::Array => {
                let items = self
                    .fields
                    .remove("items")
                    .unwrap_or_else(|| Value::Array(Vec::new()));
                Some(json(&items)?)
            }
            BodyMode::JsonFiles if self.files.is_empty() => {
                Some(json(&Value::Object(self.fields))?)
            }
            BodyMode::JsonFiles => Some(message_form(self.fields, self.files)?),
            BodyMode::Form => Some(text_form(self.fields, self.files)),
        };
        if let Some(body) = body {
            request = request.body(body);
        }
        if let Some(reason) = self.reason {
            request = request.reason(reason);
        }
        Ok(request)
    }
}

/// `value` percent-encoded for a query string.
fn encoded(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_segment(value, &mut out);
    out
}

/// A JSON body.
pub(crate) fn json(value: &impl Serialize) -> Result<Body, Error> {
    serde_json::to_vec(value)
        .map(Body::Json)
        .map_err(|error| Error::new(ErrorKind::BuildingRequest, error))
}

/// A form of `payload_json` and `files[n]`; `attachments` in the payload
/// gets an entry per file, after the existing attachments the caller chose
/// to keep (an edit's `keep_attachment_ids`).
fn message_form(
    mut fields: Map<String, Value>,
    files: Vec<(String, Attachment)>,
) -> Result<Body, Error> {
    let new = attachment_list(&files);
    match fields.get_mut("attachments") {
        Some(Value::Array(kept)) => kept.extend(new),
        _ => {
            fields.insert("attachments".to_owned(), Value::Array(new));
        }
    }
    payload_form(&fields, files)
}

/// The `attachments` entries that describe files to Discord: id (the `n` of
/// `files[n]`), filename and description.
pub(crate) fn attachment_list(files: &[(String, Attachment)]) -> Vec<Value> {
    files
        .iter()
        .enumerate()
        .map(|(id, (_, file))| {
            let mut entry = Map::new();
            entry.insert("id".to_owned(), Value::from(id));
            entry.insert("filename".to_owned(), Value::from(file.filename.clone()));
            if let Some(description) = &file.description {
                entry.insert("description".to_owned(), Value::from(description.clone()));
            }
            Value::Object(entry)
        })
        .collect()
}

/// A form of `payload_json` (as given) and the files.
pub(crate) fn payload_form(
    payload: &Map<String, Value>,
    files: Vec<(String, Attachment)>,
) -> Result<Body, Error> {
    let payload = serde_json::to_vec(payload)
        .map_err(|error| Error::new(ErrorKind::BuildingRequest, error))?;
    let mut form = Form::new();
    form.json("payload_json", payload);
    Ok(with_files(form, files))
}

/// A form of text fields (strings as they are, other values as JSON) and
/// files under their field names.
fn text_form(fields: Map<String, Value>, files: Vec<(String, Attachment)>) -> Body {
    let mut form = Form::new();
    for (name, value) in fields {
        match value {
            Value::String(text) => form.text(name, text),
            other => form.text(name, other.to_string()),
        };
    }
    with_files(form, files)
}

/// The form's body, with the files added under their field names.
fn with_files(mut form: Form, files: Vec<(String, Attachment)>) -> Body {
    for (name, file) in files {
        form.file(
            name,
            file.filename,
            file.content_type.as_deref(),
            file.bytes,
        );
    }
    let (content_type, bytes) = form.build();
    Body::Multipart {
        content_type,
        bytes,
    }
}

/// An optional bound of a generated setter (`_` for none).
macro_rules! bound {
    (_) => {
        None
    };
    ($value:literal) => {
        Some($value)
    };
}
pub(crate) use bound;

/// Declares a builder per operation: a struct holding the client, the
/// route, the collected parts and the operation's body struct; a typed
/// setter per query parameter, checking the spec's limits; the audit log
/// reason; and `IntoFuture` resolving to the operation's model.
///
/// tools/gen_http_routes.py writes the invocations (api/operations/), one
/// operation as
///
/// ```text
/// Name -> Response {
///     query {
///         rust_name "json_name": kind;
///     }
///     body json NameBody;
/// }
/// ```
///
/// beside the body struct (`NameBody`, `#[derive(Serialize)]`), the
/// constructor on [`Client`] (path parameters and the body's required
/// fields as arguments) and the body's setters (`body_setters!`). Both
/// blocks are optional: without `body` the request has none.
/// The body's mode is `json`, `json_files` (JSON, or `payload_json` and
/// `files[n]` once a file is added), `form` or `array` (a JSON array). A
/// query kind (`str(lo, hi)`, `int(lo, hi)`, `id(Marker)`, `model(path)`,
/// ...; `_` for no bound) picks the setter's type and the limit it checks.
///
/// [`Client`]: crate::Client
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $name:ident -> $resp:ty {
            $(query {
                $($qrn:ident $qjson:literal : $qkind:ident $(($($qarg:tt)*))?;)*
            })?
            $(body $mode:ident $body:ident;)?
        }
    )*) => {$(
        $(#[$doc])*
        #[must_use = "a request is sent only when awaited"]
        pub struct $name<'a> {
            // Seen by the sibling modules: a body's setters are written
            // once, beside the first builder that sends it.
            pub(super) client: &'a $crate::Client,
            pub(super) route: $crate::routing::Route,
            pub(super) parts: $crate::api::builder::Parts,
            pub(super) body: $crate::api::builder::operations!(@body $($body)?),
        }

        impl ::std::fmt::Debug for $name<'_> {
            // The body's values stay out: it can carry OAuth2 access tokens.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("route", &self.route)
                    .field("parts", &self.parts)
                    .finish_non_exhaustive()
            }
        }

        impl $name<'_> {
            $($($crate::api::builder::operations!(@query $qrn $qjson $qkind $(($($qarg)*))?);)*)?
            $crate::api::builder::operations!(@files $($mode)?);

            /// Records a limit checked by a hand-written wrapper.
            #[allow(dead_code)]
            pub(crate) fn check(mut self, result: Result<(), $crate::validate::ValidationError>) -> Self {
                self.parts.check(result);
                self
            }

            /// Sets the audit log reason (at most 512 characters).
            pub fn reason(mut self, reason: impl Into<String>) -> Self {
                self.parts.reason(reason.into());
                self
            }

            /// The request this builder sends, without sending it.
            ///
            /// # Errors
            ///
            /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) for a
            /// broken limit,
            /// [`ErrorKind::BuildingRequest`](crate::ErrorKind::BuildingRequest)
            /// for a value that did not serialise.
            pub fn try_into_request(self) -> Result<$crate::Request, $crate::Error> {
                self.parts.into_typed_request(
                    &self.route,
                    $crate::api::builder::operations!(@mode $($mode)?),
                    &self.body,
                )
            }
        }

        impl ::std::future::IntoFuture for $name<'_> {
            type Output = Result<$crate::Response<$resp>, $crate::Error>;
            type IntoFuture = $crate::ResponseFuture<$resp>;

            fn into_future(self) -> Self::IntoFuture {
                let client = self.client;
                match self.try_into_request() {
                    Ok(request) => client.request(request),
                    Err(error) => $crate::ResponseFuture::error(error),
                }
            }
        }
    )*};

    (@body) => { () };
    (@body $body:ident) => { $body };

    // No `body` block: the operation sends no body.
    (@mode) => { $crate::api::builder::BodyMode::None };
    (@mode json) => { $crate::api::builder::BodyMode::Json };
    (@mode json_files) => { $crate::api::builder::BodyMode::JsonFiles };
    (@mode form) => { $crate::api::builder::BodyMode::Form };
    (@mode array) => { $crate::api::builder::BodyMode::Array };

    (@files json_files) => {
        /// Adds a file, sent as `files[n]` beside a `payload_json` part.
        pub fn attachment(mut self, attachment: $crate::multipart::Attachment) -> Self {
            self.parts.attachment(attachment);
            self
        }
    };
    (@files $($other:ident)?) => {};

    // The documented limit a bounded setter checks (`_`: no bound).
    (@bounded $this:ident, $check:ident ($json:literal, $value:expr, $lo:tt, $hi:tt)) => {
        $this.parts.check($crate::validate::$check(
            $json,
            $value,
            $crate::api::builder::bound!($lo),
            $crate::api::builder::bound!($hi),
        ))
    };

    // Query parameters.
    (@query $rn:ident $json:literal bool) => {
        #[doc = concat!("Sets the `", $json, "` query parameter.")]
        pub fn $rn(mut self, value: bool) -> Self {
            self.parts.query($json, &value.to_string());
            self
        }
    };
    (@query $rn:ident $json:literal int ($lo:tt, $hi:tt)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter (checked against its documented range).")]
        pub fn $rn(mut self, value: i64) -> Self {
            $crate::api::builder::operations!(@bounded self, range($json, value, $lo, $hi));
            self.parts.query($json, &value.to_string());
            self
        }
    };
    (@query $rn:ident $json:literal str ($lo:tt, $hi:tt)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter.")]
        pub fn $rn(mut self, value: impl Into<String>) -> Self {
            let value = value.into();
            $crate::api::builder::operations!(@bounded self, length($json, &value, $lo, $hi));
            self.parts.query($json, &value);
            self
        }
    };
    (@query $rn:ident $json:literal id ($marker:ident)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter.")]
        pub fn $rn(mut self, id: ::twilight_model::id::Id<::twilight_model::id::marker::$marker>) -> Self {
            self.parts.query($json, &id.get().to_string());
            self
        }
    };
    (@query $rn:ident $json:literal ids ($marker:ident, $lo:tt, $hi:tt)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter (repeated per id).")]
        pub fn $rn(mut self, ids: impl IntoIterator<Item = ::twilight_model::id::Id<::twilight_model::id::marker::$marker>>) -> Self {
            let ids: Vec<String> = ids.into_iter().map(|id| id.get().to_string()).collect();
            $crate::api::builder::operations!(@bounded self, count($json, ids.len(), $lo, $hi));
            self.parts.query_list($json, ids);
            self
        }
    };
    (@query $rn:ident $json:literal idlist ($marker:ident)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter (comma-separated ids).")]
        pub fn $rn(mut self, ids: impl IntoIterator<Item = ::twilight_model::id::Id<::twilight_model::id::marker::$marker>>) -> Self {
            let ids: Vec<String> = ids.into_iter().map(|id| id.get().to_string()).collect();
            self.parts.query_commas($json, &ids);
            self
        }
    };
    (@query $rn:ident $json:literal strs ($lo:tt, $hi:tt)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter (repeated per value).")]
        pub fn $rn(mut self, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
            let values: Vec<String> = values.into_iter().map(Into::into).collect();
            $crate::api::builder::operations!(@bounded self, count($json, values.len(), $lo, $hi));
            self.parts.query_list($json, values);
            self
        }
    };

    (@query $rn:ident $json:literal model ($($ty:ident)::+)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter.")]
        pub fn $rn(mut self, value: ::twilight_model::$($ty)::+) -> Self {
            if let Some(value) = self.parts.serialize(&value) {
                let text = match value {
                    ::serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                self.parts.query($json, &text);
            }
            self
        }
    };
    (@query $rn:ident $json:literal models ($($ty:ident)::+, $lo:tt, $hi:tt)) => {
        #[doc = concat!("Sets the `", $json, "` query parameter (repeated per value, as Discord's array query strings are).")]
        pub fn $rn(mut self, values: impl IntoIterator<Item = ::twilight_model::$($ty)::+>) -> Self {
            let mut texts = Vec::new();
            for value in values {
                if let Some(value) = self.parts.serialize(&value) {
                    texts.push(match value {
                        ::serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    });
                }
            }
            $crate::api::builder::operations!(@bounded self, count($json, texts.len(), $lo, $hi));
            self.parts.query_list($json, texts);
            self
        }
    };
}
pub(crate) use operations;

/// The setters of a body's optional fields, for every builder that sends
/// that body (operations whose bodies the spec gives the same schema share
/// one body struct and one list of setters).
///
/// tools/gen_http_routes.py writes the invocations beside the body
/// structs, one field a line:
///
/// ```text
/// body_setters! {
///     NameBody for Name, OtherName {
///         set rust_name "json_name": form(Type) check(lo, hi);
///         null rust_name "json_name" clear_rust_name: form(Type);
///         file rust_name "json_name";
///     }
/// }
/// ```
///
/// `set` stores `Some(value)`; `null` stores `Some(Nullable::Value(value))`
/// and adds the setter (here `clear_rust_name`) that sends `null`; `file`
/// adds a multipart file under the field's name. The form says what the
/// setter takes: `plain(T)` a `T`, `into(T)` an `impl Into<T>`, `iter(T)`
/// any iterator of `T` (stored as a `Vec<T>`), `iter_into(T)` any iterator
/// of `impl Into<T>`. The optional check is the field's documented limit,
/// verified before anything is sent: `range(lo, hi)` of a number,
/// `length(lo, hi)` of a string, `count(lo, hi)` of a list or map,
/// `bits(mask)` of a bit set, or `call(function, ..)` of a named rule in
/// [`validate`](crate::validate); `_` is no bound.
macro_rules! body_setters {
    ($body:ident for { $($fields:tt)* }) => {};
    ($body:ident for $builder:ident $(, $more:ident)* { $($fields:tt)* }) => {
        $crate::api::builder::body_setters!(@impl $builder { $($fields)* });
        $crate::api::builder::body_setters!($body for $($more),* { $($fields)* });
    };

    (@impl $builder:ident {
        $($wrap:ident $rn:ident $json:literal $($clear:ident)? $(: $form:ident ($ty:ty) $($check:ident ($($carg:tt)*))?)?;)*
    }) => {
        impl $builder<'_> {
            $($crate::api::builder::body_setters!(
                @setter $wrap $rn $json $($clear)? $(: $form ($ty) $($check ($($carg)*))?)?
            );)*
        }
    };

    (@setter file $rn:ident $json:literal) => {
        #[doc = concat!("Sets the `", $json, "` file.")]
        pub fn $rn(mut self, file: $crate::multipart::Attachment) -> Self {
            self.parts.file($json.to_owned(), file);
            self
        }
    };
    // `set` and `null` setters differ only in how the value is stored; a
    // `null` field also gets a setter that sends `null`.
    (@setter $mode:ident $rn:ident $json:literal : $form:ident ($ty:ty) $($check:ident ($($carg:tt)*))?) => {
        #[doc = concat!(
            "Sets `", $json, "`"
            $(, $crate::api::builder::body_setters!(@limited $check))?,
            "."
        )]
        pub fn $rn(mut self, $rn: $crate::api::builder::body_setters!(@arg $form $ty)) -> Self {
            let $rn = $crate::api::builder::body_setters!(@conv $form $rn);
            $($crate::api::builder::body_setters!(@check self $json $rn $check ($($carg)*));)?
            self.body.$rn = Some($crate::api::builder::body_setters!(@store $mode $rn));
            self
        }
    };
    (@setter null $rn:ident $json:literal $clear:ident : $form:ident ($ty:ty) $($check:ident ($($carg:tt)*))?) => {
        $crate::api::builder::body_setters!(@setter null $rn $json : $form ($ty) $($check ($($carg)*))?);

        #[doc = concat!("Sends `", $json, "` as `null`, removing its value.")]
        pub fn $clear(mut self) -> Self {
            self.body.$rn = Some($crate::api::builder::Nullable::Null);
            self
        }
    };

    (@store set $v:ident) => { $v };
    (@store null $v:ident) => { $crate::api::builder::Nullable::Value($v) };

    (@limited $check:ident) => { " (checked against its documented limit)" };

    (@arg plain $ty:ty) => { $ty };
    (@arg into $ty:ty) => { impl Into<$ty> };
    (@arg iter $ty:ty) => { impl IntoIterator<Item = $ty> };
    (@arg iter_into $ty:ty) => { impl IntoIterator<Item = impl Into<$ty>> };

    (@conv plain $v:ident) => { $v };
    (@conv into $v:ident) => { $v.into() };
    (@conv iter $v:ident) => { $v.into_iter().collect::<Vec<_>>() };
    (@conv iter_into $v:ident) => { $v.into_iter().map(Into::into).collect::<Vec<_>>() };

    (@check $this:ident $json:literal $v:ident range ($lo:tt, $hi:tt)) => {
        $crate::api::builder::operations!(@bounded $this, range($json, $v, $lo, $hi))
    };
    (@check $this:ident $json:literal $v:ident length ($lo:tt, $hi:tt)) => {
        $crate::api::builder::operations!(@bounded $this, length($json, &$v, $lo, $hi))
    };
    (@check $this:ident $json:literal $v:ident count ($lo:tt, $hi:tt)) => {
        $crate::api::builder::operations!(@bounded $this, count($json, $v.len(), $lo, $hi))
    };
    (@check $this:ident $json:literal $v:ident bits ($mask:expr)) => {
        $this.parts.check($crate::validate::bits($json, $v.bits().into(), $mask))
    };
    (@check $this:ident $json:literal $v:ident call ($rule:ident $(, $extra:expr)*)) => {
        $this.parts.check($crate::validate::$rule(&$v $(, $extra)*))
    };
}
pub(crate) use body_setters;

#[cfg(test)]
mod tests {
    use super::{BodyMode, Parts};
    use crate::{ErrorKind, multipart::Attachment, request::Body, routing::Route};
    use serde_json::Value;
    use twilight_model::id::Id;

    fn route() -> Route {
        Route::CreateMessage {
            channel_id: Id::new(1),
        }
    }

    #[test]
    fn query_is_encoded_and_appended() {
        let mut parts = Parts::default();
        parts.query("limit", "50");
        parts.query("name", "a b&c");
        parts.query("limit", "10");
        let request = parts
            .into_request(
                &Route::ListMessages {
                    channel_id: Id::new(1),
                },
                BodyMode::None,
            )
            .unwrap();
        assert_eq!(
            request.path(),
            "/channels/1/messages?name=a%20b%26c&limit=10"
        );
    }

    #[test]
    fn first_error_wins_and_nothing_is_built() {
        let mut parts = Parts::default();
        parts.reason("r".repeat(513));
        parts.check(crate::validate::message_content(&"a".repeat(2001)));
        let error = parts.into_request(&route(), BodyMode::Json).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Validation));
        assert!(error.to_string().contains("X-Audit-Log-Reason"));
    }

    #[test]
    fn files_switch_to_payload_json() {
        let mut parts = Parts::default();
        parts.field("content", Value::from("hi"));
        parts.attachment(Attachment::from_bytes("a.txt", b"abc".to_vec()).description("alt"));
        parts.reason("because".to_owned());
        let request = parts.into_request(&route(), BodyMode::JsonFiles).unwrap();
        assert_eq!(request.audit_log_reason(), Some("because"));
        let Some(Body::Multipart {
            content_type,
            bytes,
        }) = request.body_ref()
        else {
            panic!("not multipart");
        };
        assert!(content_type.starts_with("multipart/form-data; boundary="));
        let text = String::from_utf8_lossy(bytes);
        // Compared as JSON: the key order is serde_json's (sorted, or as
        // inserted with its `preserve_order` feature), not the request's.
        let head = "name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n";
        let start = text.find(head).expect("a payload_json part") + head.len();
        let end = start + text[start..].find("\r\n--").expect("the part's end");
        let payload: Value = serde_json::from_str(&text[start..end]).unwrap();
        assert_eq!(
            payload,
            serde_json::json!({
                "content": "hi",
                "attachments": [{ "id": 0, "filename": "a.txt", "description": "alt" }],
            })
        );
        assert!(text.contains("name=\"files[0]\"; filename=\"a.txt\""));
    }

    #[test]
    fn form_operations_send_fields_as_text_parts() {
        // Create Guild Sticker: name, tags and the file, as form fields.
        let mut parts = Parts::default();
        parts.field("name", Value::from("wave"));
        parts.field("tags", Value::from("👋"));
        parts.file(
            "file".to_owned(),
            Attachment::from_bytes("wave.png", vec![1, 2, 3]),
        );
        let request = parts
            .into_request(
                &Route::CreateGuildSticker {
                    guild_id: Id::new(1),
                },
                BodyMode::Form,
            )
            .unwrap();
        let Some(Body::Multipart { bytes, .. }) = request.body_ref() else {
            panic!("not multipart");
        };
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("name=\"name\"\r\n\r\nwave\r\n"));
        assert!(text.contains("name=\"tags\"\r\n\r\n👋\r\n"));
        assert!(text.contains("name=\"file\"; filename=\"wave.png\"\r\nContent-Type: image/png"));
        assert!(!text.contains("payload_json"));
    }

    #[test]
    fn empty_delete_sends_no_body() {
        let request = Parts::default()
            .into_request(
                &Route::UnbanUserFromGuild {
                    guild_id: Id::new(1),
                    user_id: Id::new(2),
                },
                BodyMode::Json,
            )
            .unwrap();
        assert!(request.body_ref().is_none());
    }

    #[test]
    fn json_body_without_files() {
        let mut parts = Parts::default();
        parts.field("content", Value::from("hi"));
        let request = parts.into_request(&route(), BodyMode::JsonFiles).unwrap();
        let Some(Body::Json(bytes)) = request.body_ref() else {
            panic!("not json");
        };
        assert_eq!(bytes, br#"{"content":"hi"}"#);
    }
}
