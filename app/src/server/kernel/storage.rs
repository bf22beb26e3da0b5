//! Where files' content is kept: one interface (`object_store`) over two kinds of store — a
//! folder on the local disk (the default, `files/` in the data directory) or any S3-compatible
//! service (AWS S3, Aliyun OSS, Tencent COS, MinIO) named by its address, bucket and keys.
//!
//! Content arrives as a stream and goes to the store as it arrives, in parts, never whole in
//! memory: first under a temporary name while its SHA-256 is computed, then under its hash
//! (`blobs/ab/abcdef…`), so the same bytes are stored once however often they are uploaded.
use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::i18n::K;

/// The size of each part sent to the store (S3's smallest part is 5 MiB).
const PART: usize = 5 << 20;
/// Parts in flight at once: with [`PART`], what an upload holds in memory at most.
const PARTS_IN_FLIGHT: usize = 2;
/// How much of a file's start is kept to read its type and an image's size.
pub const HEAD_MAX: usize = 1 << 20;

/// How the store is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageConfig {
    /// A folder on this machine.
    Disk(std::path::PathBuf),
    /// An S3-compatible service.
    S3 {
        bucket: String,
        /// The service's address (`https://oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:9000`);
        /// AWS's own when not given.
        endpoint: Option<String>,
        region: String,
        access_key: String,
        secret_key: String,
        /// Address buckets as `bucket.host` (Aliyun OSS, Tencent COS need it) rather than
        /// `host/bucket`.
        virtual_hosted: bool,
        /// Keys start with this folder (empty for the bucket's root).
        prefix: String,
    },
}

impl StorageConfig {
    /// Reads `MARQUEE_STORAGE` — `s3://bucket/optional/prefix`, else the disk — with
    /// `MARQUEE_S3_ENDPOINT`, `MARQUEE_S3_REGION`, `MARQUEE_S3_ACCESS_KEY`,
    /// `MARQUEE_S3_SECRET_KEY` and `MARQUEE_S3_VIRTUAL_HOSTED`.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        data_dir: &std::path::Path,
    ) -> Result<StorageConfig, String> {
        let Some(place) = var("MARQUEE_STORAGE") else {
            return Ok(StorageConfig::Disk(data_dir.join("files")));
        };
        if let Some(rest) = place.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err("MARQUEE_STORAGE names no bucket: s3://bucket".into());
            }
            let need = |name: &str| var(name).ok_or(format!("{name} is needed for s3:// storage"));
            return Ok(StorageConfig::S3 {
                bucket: bucket.to_string(),
                endpoint: var("MARQUEE_S3_ENDPOINT"),
                region: var("MARQUEE_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
                access_key: need("MARQUEE_S3_ACCESS_KEY")?,
                secret_key: need("MARQUEE_S3_SECRET_KEY")?,
                virtual_hosted: var("MARQUEE_S3_VIRTUAL_HOSTED")
                    .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
                prefix: prefix.trim_matches('/').to_string(),
            });
        }
        let folder = place.strip_prefix("file://").unwrap_or(&place);
        Ok(StorageConfig::Disk(std::path::PathBuf::from(folder)))
    }
}

/// Content after [`Storage::stage`]: under a temporary name until [`Storage::keep`].
#[derive(Debug)]
pub struct Staged {
    key: Path,
    /// SHA-256, hex.
    pub hash: String,
    pub size: u64,
    /// The first [`HEAD_MAX`] bytes.
    pub head: Vec<u8>,
}

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    /// "disk" or "s3", for logs and figures.
    pub kind: &'static str,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Storage({})", self.kind)
    }
}

fn store_error(e: object_store::Error) -> AppError {
    tracing::error!(error = %e, "file store");
    AppError::Internal
}

impl Storage {
    pub fn open(config: &StorageConfig) -> Result<Storage, String> {
        match config {
            StorageConfig::Disk(folder) => {
                std::fs::create_dir_all(folder)
                    .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(folder)
                    .map_err(|e| format!("file store {}: {e}", folder.display()))?;
                Ok(Storage {
                    store: Arc::new(store),
                    prefix: String::new(),
                    kind: "disk",
                })
            }
            StorageConfig::S3 {
                bucket,
                endpoint,
                region,
                access_key,
                secret_key,
                virtual_hosted,
                prefix,
            } => {
                let mut builder = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(bucket)
                    .with_region(region)
                    .with_access_key_id(access_key)
                    .with_secret_access_key(secret_key)
                    .with_virtual_hosted_style_request(*virtual_hosted);
                if let Some(endpoint) = endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                let store = builder.build().map_err(|e| format!("S3 storage: {e}"))?;
                Ok(Storage {
                    store: Arc::new(store),
                    prefix: prefix.clone(),
                    kind: "s3",
                })
            }
        }
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    /// Where a blob's content is kept.
    pub fn blob_key(hash: &str) -> String {
        format!("blobs/{}/{hash}", &hash[..2.min(hash.len())])
    }

    /// Where a blob's thumbnail is kept.
    pub fn thumbnail_key(hash: &str) -> String {
        format!("thumbnails/{}/{hash}.jpg", &hash[..2.min(hash.len())])
    }

    /// Writes a stream to the store under a temporary name, hashing it on the way; refuses it
    /// (and forgets what was written) once it passes `limit` bytes, or when it fails midway.
    pub async fn stage<S, E>(&self, mut body: S, limit: u64, limit_mb: u32) -> AppResult<Staged>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut name = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut name);
        let key = self.path(&format!("staging/{}", hex::encode(name)));
        let upload = self.store.put_multipart(&key).await.map_err(store_error)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut head = Vec::new();
        let refusal = loop {
            let chunk = match body.next().await {
                None => break None,
                Some(Ok(chunk)) => chunk,
                Some(Err(e)) => {
                    tracing::info!(error = %e, "upload ended early");
                    break Some(AppError::Transport(e.to_string()));
                }
            };
            size += chunk.len() as u64;
            if size > limit {
                break Some(AppError::invalid_with(
                    "file",
                    K::ErrUploadTooLarge,
                    i64::from(limit_mb),
                ));
            }
            if head.len() < HEAD_MAX {
                let take = (HEAD_MAX - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                break Some(store_error(e));
            }
            writer.put(chunk);
        };
        if let Some(refusal) = refusal {
            let _ = writer.abort().await;
            let _ = self.store.delete(&key).await;
            return Err(refusal);
        }
        if size == 0 {
            let _ = writer.abort().await;
            let _ = self.store.delete(&key).await;
            return Err(AppError::invalid("file", K::ErrFileEmpty));
        }
        writer.finish().await.map_err(store_error)?;
        Ok(Staged {
            key,
            hash: hex::encode(hasher.finalize()),
            size,
            head,
        })
    }

    /// Forgets staged content that was refused.
    pub async fn discard(&self, staged: Staged) {
        if let Err(e) = self.store.delete(&staged.key).await {
            tracing::warn!(error = %e, "could not remove a refused upload");
        }
    }

    /// Keeps staged content under its hash; content already there (the same bytes uploaded
    /// before) is kept once.
    pub async fn keep(&self, staged: &Staged) -> AppResult<()> {
        let to = self.path(&Self::blob_key(&staged.hash));
        match self.store.head(&to).await {
            Ok(_) => {
                let _ = self.store.delete(&staged.key).await;
                Ok(())
            }
            Err(object_store::Error::NotFound { .. }) => self
                .store
                .rename(&staged.key, &to)
                .await
                .map_err(store_error),
            Err(e) => Err(store_error(e)),
        }
    }

    /// A stored object's bytes as a stream.
    pub async fn read(
        &self,
        key: &str,
    ) -> AppResult<futures::stream::BoxStream<'static, Result<Bytes, object_store::Error>>> {
        match self.store.get(&self.path(key)).await {
            Ok(found) => Ok(found.into_stream()),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(e) => Err(store_error(e)),
        }
    }

    /// A stored object's bytes, whole (for what is known to be small enough).
    pub async fn read_all(&self, key: &str) -> AppResult<Bytes> {
        match self.store.get(&self.path(key)).await {
            Ok(found) => found.bytes().await.map_err(store_error),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(e) => Err(store_error(e)),
        }
    }

    pub async fn write(&self, key: &str, bytes: Vec<u8>) -> AppResult<()> {
        self.store
            .put(&self.path(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(store_error)
    }

    /// Whether an object is there.
    pub async fn exists(&self, key: &str) -> AppResult<bool> {
        match self.store.head(&self.path(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(store_error(e)),
        }
    }

    /// Removes an object (one already gone is no error).
    pub async fn remove(&self, key: &str) -> AppResult<()> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(store_error(e)),
        }
    }

    /// The keys under a folder, with when each was last written.
    pub async fn list(
        &self,
        folder: &str,
    ) -> AppResult<Vec<(String, chrono::DateTime<chrono::Utc>)>> {
        let base = self.path(folder);
        let strip = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        let mut found = Vec::new();
        let mut listing = self.store.list(Some(&base));
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(store_error)?;
            let key = meta.location.to_string();
            found.push((
                key.get(strip..).unwrap_or("").to_string(),
                meta.last_modified,
            ));
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn the_disk_is_the_default_and_s3_is_named_by_its_bucket() {
        let dir = std::path::Path::new("/data");
        assert_eq!(
            StorageConfig::from_vars(vars(&[]), dir),
            Ok(StorageConfig::Disk(dir.join("files")))
        );
        let s3 = StorageConfig::from_vars(
            vars(&[
                ("MARQUEE_STORAGE", "s3://marketing/marquee/"),
                (
                    "MARQUEE_S3_ENDPOINT",
                    "https://oss-cn-hangzhou.aliyuncs.com",
                ),
                ("MARQUEE_S3_ACCESS_KEY", "id"),
                ("MARQUEE_S3_SECRET_KEY", "secret"),
                ("MARQUEE_S3_VIRTUAL_HOSTED", "true"),
            ]),
            dir,
        )
        .unwrap();
        assert_eq!(
            s3,
            StorageConfig::S3 {
                bucket: "marketing".into(),
                endpoint: Some("https://oss-cn-hangzhou.aliyuncs.com".into()),
                region: "us-east-1".into(),
                access_key: "id".into(),
                secret_key: "secret".into(),
                virtual_hosted: true,
                prefix: "marquee".into(),
            }
        );
        assert!(
            StorageConfig::from_vars(vars(&[("MARQUEE_STORAGE", "s3://b")]), dir)
                .unwrap_err()
                .contains("MARQUEE_S3_ACCESS_KEY")
        );
    }
}
