// The console's only way to the server: the public JSON API, signed in by the session cookie.
// Writes carry the session's CSRF token; errors come back as problem+json and become ApiError.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  /** The first field the server named, with its message. */
  get fieldError() {
    const errors = this.problem.errors || [];
    return errors.length ? `${errors[0].field}: ${errors[0].message}` : this.message;
  }
}

/** Called with a 401 from any request: the session has ended. */
let onSignedOut = () => {};
export function whenSignedOut(callback) { onSignedOut = callback; }

export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith("/api/v1/auth/session")) onSignedOut();
    throw new ApiError(response.status, data);
  }
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body);
export const patch = (path, body) => request("PATCH", path, body);

/** The signed-in agent, or null. */
export async function currentSession() {
  try {
    const session = await get("/api/v1/auth/session");
    csrfToken = session.csrf_token;
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(email, password) {
  const session = await post("/api/v1/auth/session", { email, password });
  csrfToken = session.csrf_token;
  return session;
}

export async function signOut() {
  try { await request("DELETE", "/api/v1/auth/session"); } finally { csrfToken = null; }
}

/** A query string from the given parameters, leaving out empty ones. Spaces are sent as %20, which every
 * server reads as a space (a `+` is read as a space only by form decoders). */
export function query(parameters) {
  const pairs = Object.entries(parameters)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return pairs.length ? `?${pairs.join("&")}` : "";
}
