// New conversations and messages without a reload: the server's event stream when it has one, otherwise
// (no stream route, or the stream closed) the list and the open conversation are fetched every few seconds.

const pollEvery = 4000;
let timer = null;
let source = null;
let handler = () => {};
let onMode = () => {};

/** Starts listening; `refresh(conversationID|null)` is called when something may have changed. */
export function startLive(refresh, modeChanged) {
  handler = refresh;
  onMode = modeChanged;
  if (typeof EventSource === "undefined") { poll(); return; }
  source = new EventSource("/api/v1/events/stream");
  source.addEventListener("open", () => { stopPolling(); onMode("stream"); });
  // `reset`: the server could not keep up with this reader and skipped events; everything is fetched again.
  for (const type of ["message.created", "message.updated", "conversation.created", "conversation.updated", "reset", "message"]) {
    source.addEventListener(type, (event) => {
      let data = {};
      try { data = JSON.parse(event.data); } catch { /* a keep-alive or an unknown shape */ }
      handler(data.conversation_id ?? null);
    });
  }
  source.addEventListener("error", () => {
    // CLOSED: the route is missing or refused us, and EventSource will not retry; CONNECTING: it retries
    // by itself, and we poll meanwhile.
    if (source.readyState === EventSource.CLOSED) { source.close(); source = null; }
    poll();
  });
}

function poll() {
  if (timer) return;
  onMode("polling");
  timer = setInterval(() => handler(null), pollEvery);
}

function stopPolling() {
  if (timer) clearInterval(timer);
  timer = null;
}

export function stopLive() {
  stopPolling();
  if (source) source.close();
  source = null;
}
