use std::io::Error as IoError;
use std::io::{self, Cursor, ErrorKind, Read, Write};

use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::{HTTPVersion, Header, Method, Response};

/// Represents an HTTP request made by a client.
///
/// A `Request` object is what is produced by the server, and is your what
/// your code must analyse and answer.
///
/// This object implements the `Send` trait, therefore you can dispatch your requests to
/// worker threads.
///
/// rollcall patch: the request arrives whole. Its body (at most
/// `client::MAX_BODY` bytes, de-chunked, after `100 Continue` if the client
/// asked) was read by the connection's own thread, and the response is put
/// together in memory and written by that thread, so answering a request
/// never waits on the client. A connection has one request in flight at a
/// time: the next is read once this one's response is written. Upgrades are
/// not offered; such a request is answered like any other and the
/// connection closed.
///
/// # Automatic cleanup
///
/// If a `Request` object is destroyed without `into_writer` or `respond` being called,
/// an empty response with a 500 status code (internal server error) will automatically be
/// sent back to the client.
pub struct Request {
    // where to read the body from
    data_reader: BodyReader,

    // if this writer is empty, then the request has been answered
    response_writer: Option<ReplyWriter>,

    remote_addr: Option<SocketAddr>,

    method: Method,

    path: String,

    http_version: HTTPVersion,

    headers: Vec<Header>,

    body_length: Option<usize>,

    // rollcall patch: the connection closes after this request's answer
    close_after: bool,
}

/// rollcall patch: a request body as the connection read it.
pub(crate) enum Body {
    Complete(Vec<u8>),
    /// Over the limit: not read. Reading it is an error.
    TooLarge,
}

enum BodyReader {
    Complete(Cursor<Vec<u8>>),
    TooLarge,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            BodyReader::Complete(c) => c.read(buf),
            BodyReader::TooLarge => Err(IoError::new(
                ErrorKind::InvalidData,
                "request body too large; it was not read",
            )),
        }
    }
}

/// rollcall patch: where a response waits for its connection's thread.
/// Usually the handler runs on that thread and the response is there
/// before anyone looks; only a connection that found it empty waits, and
/// only then is it woken (a system call).
struct Slot {
    state: Mutex<SlotState>,
    ready: Condvar,
}

#[derive(Default)]
struct SlotState {
    bytes: Option<Vec<u8>>,
    waiting: bool,
}

/// The connection's end: waits for the response bytes.
pub(crate) struct Reply {
    slot: Arc<Slot>,
}

impl Reply {
    /// The whole response, once the program has given it; `None` if the
    /// server is closing first.
    pub(crate) fn wait(&self, closing: &AtomicBool) -> Option<Vec<u8>> {
        let mut state = self.slot.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(b) = state.bytes.take() {
                return Some(b);
            }
            if closing.load(Ordering::Relaxed) {
                return None;
            }
            state.waiting = true;
            state = self
                .slot
                .ready
                .wait_timeout(state, Duration::from_millis(500))
                .map(|(b, _)| b)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }
}

/// The program's end: collects the response in memory and hands it to the
/// connection's thread when dropped. Never touches the socket.
struct ReplyWriter {
    buf: Vec<u8>,
    slot: Arc<Slot>,
}

impl Write for ReplyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for ReplyWriter {
    fn drop(&mut self) {
        let mut state = self.slot.state.lock().unwrap_or_else(|p| p.into_inner());
        state.bytes = Some(std::mem::take(&mut self.buf));
        if state.waiting {
            self.slot.ready.notify_one();
        }
    }
}

fn reply_pair() -> (ReplyWriter, Reply) {
    let slot = Arc::new(Slot {
        state: Mutex::new(SlotState::default()),
        ready: Condvar::new(),
    });
    (
        ReplyWriter {
            buf: Vec::with_capacity(4096),
            slot: slot.clone(),
        },
        Reply { slot },
    )
}

impl Request {
    /// rollcall patch: a whole request, as the connection read it, and the
    /// end its connection waits on for the response.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_connection(
        method: Method,
        path: String,
        http_version: HTTPVersion,
        headers: Vec<Header>,
        remote_addr: Option<SocketAddr>,
        body: Body,
        body_length: Option<usize>,
        close_after: bool,
    ) -> (Request, Reply) {
        let (writer, reply) = reply_pair();
        let data_reader = match body {
            Body::Complete(b) => BodyReader::Complete(Cursor::new(b)),
            Body::TooLarge => BodyReader::TooLarge,
        };
        (
            Request {
                data_reader,
                response_writer: Some(writer),
                remote_addr,
                method,
                path,
                http_version,
                headers,
                body_length,
                close_after,
            },
            reply,
        )
    }

    /// rollcall patch: true if the connection closes after this request.
    pub(crate) fn close_after(&self) -> bool {
        self.close_after
    }

    /// Returns true if the request was made through HTTPS.
    /// (rollcall patch: never; HTTPS support is removed.)
    #[inline]
    pub fn secure(&self) -> bool {
        false
    }

    /// Returns the method requested by the client (eg. `GET`, `POST`, etc.).
    #[inline]
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Returns the resource requested by the client.
    #[inline]
    pub fn url(&self) -> &str {
        &self.path
    }

    /// Returns a list of all headers sent by the client.
    #[inline]
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// Returns the HTTP version of the request.
    #[inline]
    pub fn http_version(&self) -> &HTTPVersion {
        &self.http_version
    }

    /// Returns the length of the body in bytes.
    ///
    /// Returns `None` if the length is unknown.
    #[inline]
    pub fn body_length(&self) -> Option<usize> {
        self.body_length
    }

    /// Returns the address of the client that sent this request.
    ///
    /// The address is always `Some` for TCP listeners, but always `None` for UNIX listeners
    /// (as the remote address of a UNIX client is almost always unnamed).
    ///
    /// Note that this is gathered from the socket. If you receive the request from a proxy,
    /// this function will return the address of the proxy and not the address of the actual
    /// user.
    #[inline]
    pub fn remote_addr(&self) -> Option<&SocketAddr> {
        self.remote_addr.as_ref()
    }

    /// Allows to read the body of the request.
    ///
    /// rollcall patch: the body is already in memory (a client that sent
    /// `Expect: 100-continue` was told to continue by the connection). A
    /// body over the limit was not read, and reading it is an error; its
    /// `body_length` is over the limit.
    #[inline]
    pub fn as_reader(&mut self) -> &mut dyn Read {
        &mut self.data_reader
    }

    /// Turns the `Request` into a writer.
    ///
    /// The writer has a raw access to the stream to the user.
    /// This function is useful for things like CGI.
    ///
    /// rollcall patch: what is written is collected in memory and sent by
    /// the connection once the writer is dropped.
    #[inline]
    pub fn into_writer(mut self) -> Box<dyn Write + Send + 'static> {
        Box::new(self.extract_writer_impl())
    }

    /// Extract the response `Writer` object from the Request.
    ///
    /// This may only be called once on a single request.
    fn extract_writer_impl(&mut self) -> ReplyWriter {
        match self.response_writer.take() {
            Some(w) => w,
            // Only `respond`, `into_writer` and drop take it, and each
            // consumes the request: this cannot happen.
            None => reply_pair().0,
        }
    }

    /// Sends a response to this request.
    #[inline]
    pub fn respond<R>(mut self, response: Response<R>) -> Result<(), IoError>
    where
        R: Read,
    {
        self.respond_impl(response)
    }

    fn respond_impl<R>(&mut self, response: Response<R>) -> Result<(), IoError>
    where
        R: Read,
    {
        let mut writer = self.extract_writer_impl();

        let do_not_send_body = self.method == Method::Head;

        // rollcall patch: say whether the connection stays open, and put
        // the whole response together in memory: the connection's thread
        // writes it with one write (two small writes on a kept-alive
        // connection waited 40-44 ms for the client's delayed ACK).
        let connection = if self.close_after {
            Some("close")
        } else if self.http_version == HTTPVersion(1, 0) {
            Some("keep-alive")
        } else {
            None
        };
        let result = response
            .with_connection_header(connection)
            .raw_print(
                &mut writer,
                self.http_version.clone(),
                do_not_send_body,
                None,
            );
        if result.is_err() {
            // Whatever was put together is not a response: send none rather
            // than half of one, and close.
            writer.buf.clear();
        }
        result
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> Result<(), fmt::Error> {
        write!(
            formatter,
            "Request({} {} from {:?})",
            self.method, self.path, self.remote_addr
        )
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if self.response_writer.is_some() {
            let response = Response::empty(500);
            let _ = self.respond_impl(response); // ignoring any potential error
        }
    }
}

/// Dummy trait that regroups the `Read` and `Write` traits.
///
/// Automatically implemented on all types that implement both `Read` and `Write`.
pub trait ReadWrite: Read + Write {}
impl<T> ReadWrite for T where T: Read + Write {}

#[cfg(test)]
mod tests {
    use super::Request;

    #[test]
    fn must_be_send() {
        #![allow(dead_code)]
        fn f<T: Send>(_: &T) {}
        fn bar(rq: &Request) {
            f(rq);
        }
    }
}
