//! The server's loop over a byte stream, in place of tower-lsp-server's own `Server`: frames
//! are read by [`transport`](super::transport) (which resynchronises after a bad one), checked
//! by [`message`](super::message) (which answers what JSON-RPC answers), and handed to
//! tower-lsp-server's `LspService`, which routes them to the handlers and handles
//! `$/cancelRequest`. tower-lsp-server's `Server` ends at the first frame it cannot decode,
//! serves at most four messages at a time (a fifth waits, and with it the reading of every
//! message behind it), never answers a request whose method starts with `$/`, and lets an
//! `exit` right behind a `shutdown` cancel the shutdown before it is recorded.
//!
//! Ordering: each message's handler runs up to its first `.await` here, in the order the
//! messages arrive, before the next message is read; the rest runs on its own task. The
//! handlers apply document changes before their first `.await`, so changes apply in order,
//! and a slow request never holds up the messages behind it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower_lsp_server::jsonrpc::{Error, Id};
use tower_lsp_server::ls_types as lsp;
use tower_service::Service;

use super::message::{self, Incoming};
use super::transport::{self, Frame, FrameReader};

/// How long `exit` waits for a `shutdown` still being handled, so that its answer is sent.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How long the server, once it ends, goes on writing the messages still queued: a client
/// that reads no more (as clients do once they have sent `exit`) must not keep it alive.
const WRITE_GRACE: Duration = Duration::from_secs(2);

/// A message for the client, serialized, or the end of the output.
enum Outgoing {
    Message(Vec<u8>),
    Close,
}

/// Sends messages to the client through the writer task.
#[derive(Clone)]
struct Output(mpsc::UnboundedSender<Outgoing>);

impl Output {
    /// Sends a message already serialized.
    fn send_body(&self, body: Vec<u8>) {
        let _ = self.0.send(Outgoing::Message(body));
    }

    fn send(&self, message: &impl serde::Serialize) {
        match serde_json::to_vec(message) {
            Ok(body) => {
                let _ = self.0.send(Outgoing::Message(body));
            }
            Err(error) => tracing::error!("cannot serialize a message for the client: {error}"),
        }
    }
}

/// Serves the language server over `input` and `output` until `exit` or the end of the
/// input. Returns the process exit code: 0 when `shutdown` came first, else 1.
pub async fn serve<I, O>(input: I, output: O) -> u8
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (mut service, socket) = super::service();
    let (client_requests, mut client_responses) = socket.split();
    let (sender, receiver) = mpsc::unbounded_channel();
    let output_sender = Output(sender);
    {
        let raw = output_sender.0.clone();
        service.inner().attach_output(std::sync::Arc::new(move |body| {
            let _ = raw.send(Outgoing::Message(body));
        }));
    }
    let mut writer = tokio::spawn(write_frames(output, receiver));
    // The server's own requests and notifications to the client.
    let forward = {
        let output = output_sender.clone();
        tokio::spawn(client_requests.for_each(move |request| {
            output.send(&request);
            std::future::ready(())
        }))
    };
    let mut reader = FrameReader::new(input);
    let mut shutdown_received = false;
    let initialized = Arc::new(AtomicBool::new(false));
    let mut shutdown: Option<JoinHandle<()>> = None;
    while let Some(frame) = reader.next().await {
        let body = match frame {
            Frame::Body(body) => body,
            Frame::Malformed(reason) => {
                tracing::warn!("a frame that cannot be read: {reason}; reading on at the next header");
                output_sender.send(&message::unreadable_frame(&reason));
                continue;
            }
        };
        let request = match message::read(&body) {
            Incoming::Request(request) => request,
            Incoming::Response(response) => {
                if client_responses.send(response).await.is_err() {
                    tracing::warn!("a response after exit");
                }
                continue;
            }
            Incoming::Answer(answer, reason) => {
                tracing::warn!("a message that is no request: {reason}");
                if answer["error"]["code"] == json!(message::PARSE_ERROR) {
                    reader.skip_quietly();
                }
                output_sender.send(&answer);
                continue;
            }
            Incoming::Ignore(reason) => {
                tracing::warn!("ignored: {reason}");
                continue;
            }
        };
        let method = request.method().to_string();
        let id = request.id().cloned();
        if std::future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
            break;
        }
        if method == "exit" && id.is_none() {
            if let Some(pending) = shutdown.take() {
                let _ = tokio::time::timeout(SHUTDOWN_GRACE, pending).await;
            }
            let _ = service.call(request).await;
            break;
        }
        if method == "shutdown" && id.is_some() {
            shutdown_received = true;
        }
        if let Some((id, params)) = symbols_request(&method, id.as_ref(), &request)
            && initialized.load(Ordering::Acquire)
            && !shutdown_received
        {
            let backend = service.inner().clone();
            let output = output_sender.clone();
            start(async move {
                match backend.document_symbol_json(params).await {
                    Ok(result) => output.send_body(answer_with(&id, result.as_deref().map_or(b"null", Vec::as_slice))),
                    Err(error) => output.send(&Failure {
                        jsonrpc: "2.0",
                        error: &error,
                        id: &id,
                    }),
                }
            });
            continue;
        }
        let call = service.call(request);
        let output = output_sender.clone();
        let is_initialize = method == "initialize";
        let is_shutdown = method == "shutdown";
        let now_initialized = initialized.clone();
        let handled = async move {
            // A response is written as it is, not copied into another `Value` first.
            match call.await {
                Ok(Some(response)) => {
                    if is_initialize && response.is_ok() {
                        now_initialized.store(true, Ordering::Release);
                    }
                    output.send(&response)
                }
                Ok(None) => {
                    if let Some(id) = id {
                        output.send(&unanswered(id, &method));
                    }
                }
                Err(_) => {
                    if let Some(id) = id {
                        output.send(&error(id, -32600, "the server has exited"));
                    }
                }
            }
        };
        // `initialize` decides how every later message is served, so nothing is read before
        // it is answered.
        if is_initialize {
            handled.await;
        } else if let Some(pending) = start(handled)
            && is_shutdown
        {
            shutdown = Some(pending);
        }
    }
    forward.abort();
    let _ = output_sender.0.send(Outgoing::Close);
    if tokio::time::timeout(WRITE_GRACE, &mut writer).await.is_err() {
        tracing::warn!("the client reads no more; the messages still queued are dropped");
        writer.abort();
    }
    if shutdown_received { 0 } else { 1 }
}

/// A `textDocument/documentSymbol` request of a client, with its ID and parameters, or None
/// for any other message (and for one whose parameters do not read, which the service
/// answers as it answers every such request).
fn symbols_request(
    method: &str,
    id: Option<&Id>,
    request: &tower_lsp_server::jsonrpc::Request,
) -> Option<(Id, lsp::DocumentSymbolParams)> {
    if method != "textDocument/documentSymbol" {
        return None;
    }
    let params = serde_json::from_value(request.params()?.clone()).ok()?;
    Some((id?.clone(), params))
}

/// The answer to a request whose result is the JSON text `result`, written by the handler
/// from typed values: tower-lsp-server turns every result into a `Value` tree first, which
/// for the outline of 10,000 tasks (a 3 MB answer) cost more than computing it. The loop
/// follows the service's state (initialized, not shut down) and routes requests outside it
/// to the service, which answers them as it answers every request.
fn answer_with(id: &Id, result: &[u8]) -> Vec<u8> {
    let id = serde_json::to_vec(id).unwrap_or_else(|_| b"null".to_vec());
    let mut body = Vec::with_capacity(result.len() + id.len() + 40);
    body.extend_from_slice(br#"{"jsonrpc":"2.0","result":"#);
    body.extend_from_slice(result);
    body.extend_from_slice(br#","id":"#);
    body.extend_from_slice(&id);
    body.push(b'}');
    body
}

/// The answer to a request that failed.
#[derive(serde::Serialize)]
struct Failure<'a> {
    jsonrpc: &'static str,
    error: &'a Error,
    id: &'a Id,
}

/// The answer to a request that got none: LSP says a request whose method starts with `$/`
/// and is not known gets MethodNotFound.
fn unanswered(id: Id, method: &str) -> Value {
    if method.starts_with("$/") {
        error(id, -32601, &format!("no method {method}"))
    } else {
        error(id, -32600, &format!("{method} is a notification, not a request"))
    }
}

fn error(id: Id, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Runs `future` up to its first pending `.await` now, and the rest on its own task; None
/// when it finished at once.
fn start<F>(future: F) -> Option<JoinHandle<()>>
where
    F: Future<Output = ()> + Send + 'static,
{
    let mut future: Pin<Box<F>> = Box::pin(future);
    // Polling with a no-op waker is safe: the task polls again at once with its own.
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(()) => None,
        Poll::Pending => Some(tokio::spawn(future)),
    }
}

/// Writes each message as a frame, flushing whenever no other message is waiting, until
/// [`Outgoing::Close`] or a failed write (the client has gone).
async fn write_frames<O: AsyncWrite + Unpin>(mut output: O, mut receiver: mpsc::UnboundedReceiver<Outgoing>) {
    while let Some(item) = receiver.recv().await {
        let Outgoing::Message(body) = item else { break };
        if transport::write_frame(&mut output, &body).await.is_err() {
            tracing::warn!("the client closed its input; nothing more is sent");
            return;
        }
        if receiver.is_empty() && output.flush().await.is_err() {
            return;
        }
    }
    let _ = output.flush().await;
}
