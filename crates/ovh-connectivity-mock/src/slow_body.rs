//! The `slow-body` fault acted out: a body sent a few bytes at a time with pauses.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame};
use http_body_util::{Either, Full};

/// The body type of every answer.
pub(crate) type MockBody = Either<Full<Bytes>, SlowBody>;

/// A body sent `chunk` bytes at a time with `pause` between chunks: a slow server, for
/// client timeout tests.
#[derive(Debug)]
pub(crate) struct SlowBody {
    rest: Bytes,
    chunk: usize,
    pause: Duration,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl SlowBody {
    pub(crate) fn new(rest: Bytes, chunk: usize, pause: Duration) -> Self {
        Self { rest, chunk: chunk.max(1), pause, sleep: None }
    }
}

impl Body for SlowBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.rest.is_empty() {
            return Poll::Ready(None);
        }
        if let Some(sleep) = self.sleep.as_mut() {
            ready!(sleep.as_mut().poll(cx));
        }
        let pause = self.pause;
        self.sleep = Some(Box::pin(tokio::time::sleep(pause)));
        let take = self.chunk.min(self.rest.len());
        let part = self.rest.split_to(take);
        Poll::Ready(Some(Ok(Frame::data(part))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty()
    }
}
