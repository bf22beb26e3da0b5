//! Web Push on the wire: a message encrypted for one browser subscription (RFC 8291, the
//! `aes128gcm` content coding of RFC 8188, one record), and the VAPID authorisation that says
//! which server sends it (RFC 8292: an ES256-signed token and the server's public key).
//! `open` decrypts as a browser would: for tests' receiving endpoint, and to check `seal`.
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hkdf::Hkdf;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;

/// The record size written in the header: one record holds any message a push service takes.
const RECORD_SIZE: u32 = 4096;
/// The most a push service must accept in a message's body (RFC 8030 §7.2).
pub const MOST_BODY: usize = 4096;
/// Header: salt (16), record size (4), key id length (1), the sender's public key (65).
const HEADER: usize = 16 + 4 + 1 + 65;

/// Why a message cannot be made or read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushError {
    /// The subscription's public key is not a P-256 point, or its secret not 16 bytes.
    BadKeys,
    /// Too long for one message.
    TooLong,
    /// Not a message for this key (tests' endpoint).
    Unreadable,
}

/// A browser subscription's keys, as the browser gives them (base64url).
pub struct Receiver {
    pub public: PublicKey,
    pub auth: [u8; 16],
}

impl Receiver {
    pub fn parse(p256dh: &str, auth: &str) -> Result<Receiver, PushError> {
        let public = URL_SAFE_NO_PAD
            .decode(p256dh.trim_end_matches('='))
            .ok()
            .and_then(|bytes| PublicKey::from_sec1_bytes(&bytes).ok())
            .ok_or(PushError::BadKeys)?;
        let auth: [u8; 16] = URL_SAFE_NO_PAD
            .decode(auth.trim_end_matches('='))
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(PushError::BadKeys)?;
        Ok(Receiver { public, auth })
    }
}

fn uncompressed(key: &PublicKey) -> Vec<u8> {
    key.to_encoded_point(false).as_bytes().to_vec()
}

/// The content key and nonce for a message between these keys, with this salt.
fn key_and_nonce(
    shared: &[u8],
    auth: &[u8; 16],
    receiver: &[u8],
    sender: &[u8],
    salt: &[u8],
) -> ([u8; 16], [u8; 12]) {
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(receiver);
    info.extend_from_slice(sender);
    let mut ikm = [0u8; 32];
    // Lengths are fixed and far below HKDF's limit: expanding cannot fail.
    let _ = Hkdf::<Sha256>::new(Some(auth), shared).expand(&info, &mut ikm);
    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut key = [0u8; 16];
    let mut nonce = [0u8; 12];
    let _ = prk.expand(b"Content-Encoding: aes128gcm\0", &mut key);
    let _ = prk.expand(b"Content-Encoding: nonce\0", &mut nonce);
    (key, nonce)
}

/// `plain` encrypted for `to` by the one-off key `sender` with `salt` (both random in use; given
/// here so that the RFC's example can be reproduced).
pub fn seal_with(
    to: &Receiver,
    plain: &[u8],
    sender: &SecretKey,
    salt: [u8; 16],
) -> Result<Vec<u8>, PushError> {
    // The padding delimiter and the tag make 17 bytes more.
    if HEADER + plain.len() + 17 > MOST_BODY {
        return Err(PushError::TooLong);
    }
    let shared = p256::ecdh::diffie_hellman(sender.to_nonzero_scalar(), to.public.as_affine());
    let receiver = uncompressed(&to.public);
    let sender_public = uncompressed(&sender.public_key());
    let (key, nonce) = key_and_nonce(
        shared.raw_secret_bytes(),
        &to.auth,
        &receiver,
        &sender_public,
        &salt,
    );
    let mut record = plain.to_vec();
    record.push(2);
    let cipher = Aes128Gcm::new_from_slice(&key).map_err(|_| PushError::BadKeys)?;
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), record.as_slice())
        .map_err(|_| PushError::BadKeys)?;
    let mut out = Vec::with_capacity(HEADER + sealed.len());
    out.extend_from_slice(&salt);
    out.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    out.push(65);
    out.extend_from_slice(&sender_public);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// `plain` encrypted for `to`, with a fresh one-off key and salt.
pub fn seal(to: &Receiver, plain: &[u8]) -> Result<Vec<u8>, PushError> {
    use rand::RngCore;
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    seal_with(to, plain, &SecretKey::random(&mut rand::rngs::OsRng), salt)
}

/// What a browser holding `secret` (and `auth`) reads from `body`.
pub fn open(secret: &SecretKey, auth: &[u8; 16], body: &[u8]) -> Result<Vec<u8>, PushError> {
    if body.len() < HEADER + 17 || body[20] != 65 {
        return Err(PushError::Unreadable);
    }
    let salt = &body[..16];
    let sender_bytes = &body[21..HEADER];
    let sender = PublicKey::from_sec1_bytes(sender_bytes).map_err(|_| PushError::Unreadable)?;
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), sender.as_affine());
    let receiver = uncompressed(&secret.public_key());
    let (key, nonce) = key_and_nonce(
        shared.raw_secret_bytes(),
        auth,
        &receiver,
        sender_bytes,
        salt,
    );
    let cipher = Aes128Gcm::new_from_slice(&key).map_err(|_| PushError::Unreadable)?;
    let mut plain = cipher
        .decrypt(Nonce::from_slice(&nonce), &body[HEADER..])
        .map_err(|_| PushError::Unreadable)?;
    // The last record ends with 2, then any zero padding was before it.
    while plain.last() == Some(&0) {
        plain.pop();
    }
    if plain.pop() != Some(2) {
        return Err(PushError::Unreadable);
    }
    Ok(plain)
}

/// The `Authorization` header for a message to a push service at `audience` (its origin,
/// `https://fcm.googleapis.com`), valid until `expires` (Unix seconds, at most a day ahead), from
/// the server whose VAPID key is `key`, reachable at `subject` (`mailto:` or `https:`).
pub fn vapid(key: &SigningKey, audience: &str, subject: &str, expires: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
    let claims = URL_SAFE_NO_PAD
        .encode(serde_json::json!({ "aud": audience, "exp": expires, "sub": subject }).to_string());
    let signed = format!("{header}.{claims}");
    let signature: Signature = key.sign(signed.as_bytes());
    let token = format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
    format!("vapid t={token}, k={}", public_key(key))
}

/// The VAPID public key as browsers take it (`applicationServerKey`): base64url of the
/// uncompressed point.
pub fn public_key(key: &SigningKey) -> String {
    URL_SAFE_NO_PAD.encode(key.verifying_key().to_encoded_point(false).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;

    fn b64(text: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(text).unwrap()
    }

    // RFC 8291 §5 and Appendix A.
    const UA_PUBLIC: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
    const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";
    const PLAIN: &[u8] = b"When I grow up, I want to be a watermelon";

    #[test]
    fn the_rfc_8291_example_is_reproduced_to_the_byte_and_read_back() {
        let to = Receiver::parse(UA_PUBLIC, AUTH).unwrap();
        let sender = SecretKey::from_slice(&b64(AS_PRIVATE)).unwrap();
        let salt: [u8; 16] = b64(SALT).try_into().unwrap();
        let body = seal_with(&to, PLAIN, &sender, salt).unwrap();
        assert_eq!(URL_SAFE_NO_PAD.encode(&body), BODY);
        let browser = SecretKey::from_slice(&b64(UA_PRIVATE)).unwrap();
        assert_eq!(open(&browser, &to.auth, &body).unwrap(), PLAIN);
    }

    #[test]
    fn a_fresh_message_is_read_only_with_the_right_keys() {
        let browser = SecretKey::random(&mut rand::rngs::OsRng);
        let public = URL_SAFE_NO_PAD.encode(uncompressed(&browser.public_key()));
        let to = Receiver::parse(&public, AUTH).unwrap();
        let body = seal(&to, "张伟 提到了你".as_bytes()).unwrap();
        assert_eq!(
            open(&browser, &to.auth, &body).unwrap(),
            "张伟 提到了你".as_bytes()
        );
        // Another salt each time; another browser, or a changed byte, reads nothing.
        assert_ne!(
            seal(&to, b"x").unwrap()[..16],
            seal(&to, b"x").unwrap()[..16]
        );
        let other = SecretKey::random(&mut rand::rngs::OsRng);
        assert_eq!(open(&other, &to.auth, &body), Err(PushError::Unreadable));
        let mut changed = body.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(
            open(&browser, &to.auth, &changed),
            Err(PushError::Unreadable)
        );
        assert_eq!(seal(&to, &[0u8; 4000]), Err(PushError::TooLong));
        assert!(Receiver::parse("not a key", AUTH).is_err());
        assert!(Receiver::parse(&public, "short").is_err());
    }

    #[test]
    fn the_vapid_token_is_signed_by_the_key_it_names() {
        let key = SigningKey::random(&mut rand::rngs::OsRng);
        let header = vapid(
            &key,
            "https://push.example.net",
            "mailto:ops@example.com",
            1_800_000_000,
        );
        let (token, k) = header
            .strip_prefix("vapid t=")
            .unwrap()
            .split_once(", k=")
            .unwrap();
        assert_eq!(k, public_key(&key));
        let (signed, signature) = token.rsplit_once('.').unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&b64(signed.split_once('.').unwrap().1)).unwrap();
        assert_eq!(claims["aud"], "https://push.example.net");
        assert_eq!(claims["exp"], 1_800_000_000);
        let verifying = VerifyingKey::from_sec1_bytes(&b64(k)).unwrap();
        let signature = Signature::from_slice(&b64(signature)).unwrap();
        assert!(verifying.verify(signed.as_bytes(), &signature).is_ok());
    }
}
