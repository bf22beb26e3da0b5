//! A page the browser stops reading is still rendered to its end, in a task of its own.
//!
//! A page is rendered as it streams: the reactive owner of the render lives as long as the
//! response body. Dropped halfway — a phone losing its network, a tab closed, a client that
//! reads the head and goes — the owner would be torn down while the render may still be inside
//! it on another thread, and tearing down takes locks the render holds. The body of every HTML
//! response is therefore handed, when it is dropped unfinished, to a task that reads it to its
//! end (for at most a minute) and drops it there, after the render has finished with it.
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, BodyDataStream};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use futures::{Stream, StreamExt};
use http::header;

/// How long a page left unread may take to finish rendering.
const FINISH_WITHIN: Duration = Duration::from_secs(60);

static FINISHED_UNREAD: AtomicU64 = AtomicU64::new(0);

/// Pages whose reader went away before the end, rendered to the end since this process started.
pub fn finished_unread() -> u64 {
    FINISHED_UNREAD.load(Ordering::Relaxed)
}

/// The middleware: HTML answers get a body that finishes its render when dropped unread.
pub async fn finish_pages(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = Body::from_stream(Finishing {
        inner: Some(body.into_data_stream()),
        ended: false,
    });
    Response::from_parts(parts, body)
}

struct Finishing {
    inner: Option<BodyDataStream>,
    ended: bool,
}

impl Stream for Finishing {
    type Item = Result<bytes::Bytes, axum::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let next = inner.poll_next_unpin(cx);
        if matches!(next, Poll::Ready(None)) {
            self.ended = true;
        }
        next
    }
}

impl Drop for Finishing {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        let (Some(mut rest), Ok(runtime)) =
            (self.inner.take(), tokio::runtime::Handle::try_current())
        else {
            return;
        };
        runtime.spawn(async move {
            let read = tokio::time::timeout(FINISH_WITHIN, async {
                while let Some(chunk) = rest.next().await {
                    if chunk.is_err() {
                        break;
                    }
                }
            })
            .await;
            if read.is_ok() {
                FINISHED_UNREAD.fetch_add(1, Ordering::Relaxed);
            } else {
                tracing::warn!("a page left unread did not finish rendering within a minute");
            }
            drop(rest);
        });
    }
}
