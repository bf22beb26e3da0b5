//! `load`: a resource whose value travels from the page the server drew to the browser as JSON
//! and is read there from bytes, as every server function's answer is. Leptos's own resources
//! read their values from text: each type a page loads would be read by two instantiations of
//! the JSON reader in the browser's code, one for the page and one for each later answer.
use std::future::Future;

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};

/// JSON written as text into the page, read as bytes.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A resource read with `Json`.
pub type Loaded<T> = Resource<T, Json>;

/// A resource loaded by `fetcher` whenever `source` changes (`Resource::new`, read with `Json`).
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_written_into_the_page_reads_back_the_same() {
        let value: Result<Vec<(u32, String)>, String> = Ok(vec![(7, "上线 \"launch\"".into())]);
        let text = <Json as Encoder<_>>::encode(&value).unwrap();
        let back: Result<Vec<(u32, String)>, String> = <Json as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
        assert!(<Json as Decoder<Vec<u32>>>::decode("[1, \"two\"]").is_err());
    }
}
