//! `Packed<T>`: a server function answer that is already MessagePack. The server can keep the
//! encoded bytes of a large answer (the Gantt chart's schedule) and send them again without
//! encoding anything; the browser decodes them into `T`.
use std::marker::PhantomData;

use bytes::Bytes;
use serde::{de::DeserializeOwned, Serialize};
use server_fn::codec::Post;
use server_fn::{ContentType, Decodes, Encodes, Format, FormatType};

/// MessagePack bytes that decode to a `T`.
pub struct Packed<T> {
    bytes: Bytes,
    of: PhantomData<fn() -> T>,
}

impl<T> Clone for Packed<T> {
    fn clone(&self) -> Self {
        Packed {
            bytes: self.bytes.clone(),
            of: PhantomData,
        }
    }
}

impl<T: Serialize> Packed<T> {
    pub fn pack(value: &T) -> Result<Self, rmp_serde::encode::Error> {
        rmp_serde::to_vec(value).map(|v| Packed::from_bytes(Bytes::from(v)))
    }
}

impl<T> Packed<T> {
    /// Bytes that `pack` made earlier.
    pub fn from_bytes(bytes: Bytes) -> Self {
        Packed {
            bytes,
            of: PhantomData,
        }
    }

    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl<T: DeserializeOwned> Packed<T> {
    pub fn unpack(&self) -> Result<T, rmp_serde::decode::Error> {
        rmp_serde::from_slice(&self.bytes)
    }
}

/// The encoding of a `Packed` answer: its bytes as they are.
pub struct PackedEncoding;

impl ContentType for PackedEncoding {
    const CONTENT_TYPE: &'static str = "application/msgpack";
}

impl FormatType for PackedEncoding {
    const FORMAT_TYPE: Format = Format::Binary;
}

impl<T> Encodes<Packed<T>> for PackedEncoding {
    type Error = std::convert::Infallible;

    fn encode(value: &Packed<T>) -> Result<Bytes, Self::Error> {
        Ok(value.bytes.clone())
    }
}

impl<T> Decodes<Packed<T>> for PackedEncoding {
    type Error = std::convert::Infallible;

    fn decode(bytes: Bytes) -> Result<Packed<T>, Self::Error> {
        Ok(Packed::from_bytes(bytes))
    }
}

/// Answers in `Packed` MessagePack, asked by a `POST`.
pub type PackedMsgPack = Post<PackedEncoding>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_bytes_are_plain_messagepack() {
        let value = vec![(1_i64, "海报".to_string()), (2, "KV".to_string())];
        let packed = Packed::pack(&value).unwrap();
        assert_eq!(packed.bytes().as_ref(), rmp_serde::to_vec(&value).unwrap());
        let again: Packed<Vec<(i64, String)>> = PackedEncoding::decode(
            <PackedEncoding as Encodes<Packed<Vec<(i64, String)>>>>::encode(&packed).unwrap(),
        )
        .unwrap();
        assert_eq!(again.unpack().unwrap(), value);
    }
}
