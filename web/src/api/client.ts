// The client of Grip's JSON API (/api/v1, same origin). Sign-in is by the
// session cookie (HttpOnly: never seen by this code); every write sends the
// session's CSRF token as X-CSRF-Token. A 401 on any call but the sign-in
// means the session has ended: the app is told through onSessionEnded.

import type { components } from "./schema";

export interface InvalidParam {
  name: string;
  reason: string;
}

export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  error_id?: string;
  invalid_params?: InvalidParam[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

// The answers' types are the served OpenAPI document's (schema.d.ts is
// generated from it: npm run api-types; CI fails when it differs). Problem
// above stays written by hand: it also stands for an answer that is not the
// server's (a proxy's error page), whose fields may all be missing.
export type Schemas = components["schemas"];

// Who is signed in; `pending`: what the session must do before anything else
// (the server refuses all else): enrol a second factor, give its code, or
// change the password.
export type Session = Schemas["Session"];

// A new TOTP secret: as text for typing, as otpauth:// URI, and the URI's QR
// code as rows of modules ("1" dark).
export type Enrolment = Schemas["SecondFactorEnrolment"];

let csrfToken = "";
let sessionEnded: () => void = () => {};

export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? "";
}

export const apiBase = "/api/v1";

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { status: response.status };
  }
}

export interface RequestOptions {
  body?: unknown;
  raw?: BodyInit;
  contentType?: string;
  // Whether a 401 ends the session (false for the sign-in itself).
  expectSession?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  } else if (options.raw !== undefined) {
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
    body = options.raw;
  }
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(apiBase + path, { method, headers, body, credentials: "same-origin" });
  if (response.status === 401 && options.expectSession !== false) {
    sessionEnded();
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) return (await response.json()) as T;
  return (await response.text()) as T;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body: unknown) => request<T>("POST", path, { body });
export const put = <T>(path: string, body: unknown) => request<T>("PUT", path, { body });

export async function signIn(username: string, password: string): Promise<Session> {
  const session = await request<Session>("POST", "/sessions", { body: { username, password }, expectSession: false });
  setCsrfToken(session.csrf_token);
  return session;
}

// The second factor (after the password): a new secret to enrol, and the
// code, which replaces the session by a signed-in one (with a new CSRF token).
export async function startEnrolment(): Promise<Enrolment> {
  return request<Enrolment>("POST", "/sessions/current/second-factor/enrolment");
}

export async function giveCode(code: string): Promise<Session> {
  const session = await request<Session>("POST", "/sessions/current/second-factor", { body: { code } });
  setCsrfToken(session.csrf_token);
  return session;
}

export async function changePassword(current: string, next: string): Promise<Session> {
  return request<Session>("POST", "/sessions/current/password", {
    body: { current_password: current, new_password: next },
  });
}

export async function currentSession(): Promise<Session | null> {
  try {
    const session = await request<Session>("GET", "/sessions/current", { expectSession: false });
    setCsrfToken(session.csrf_token);
    return session;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function signOut(): Promise<void> {
  try {
    await request<void>("DELETE", "/sessions/current", { expectSession: false });
  } finally {
    setCsrfToken("");
  }
}

// Reads every page of a list.
export async function listAll<T>(path: string, max = 5000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page: { items: T[]; next_cursor: string | null } = await get(
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

// Random record ids for registrations made in the interface (no personal data in them).
export function newId(prefix: string): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

// The session's CSRF token, for writes made outside request() (uploads).
export function csrf(): string {
  return csrfToken;
}

export const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, { body });
