// Casework through Grip's API: the case types the role may read, work
// queues, a case with its history, its steps, notes, links and assignment,
// the covenant partners and the motions register (docs/casework.md).
import { get, post, put } from "./client";

export interface CaseState {
  key: string;
  label: string;
  final: boolean;
  deadline_working_days: number | null;
}

export interface CaseInput {
  key: string;
  label: string;
  type: "text" | "date" | "enum";
  values: string[];
}

export interface CaseTransition {
  key: string;
  label: string;
  from: string[];
  to: string;
  roles: string[];
  inputs: string[];
  linked: string[];
}

export interface CaseType {
  key: string;
  label: string;
  subject_kind: string;
  initial: string;
  states: CaseState[];
  inputs: CaseInput[];
  transitions: CaseTransition[];
}

export interface CaseSummary {
  id: number;
  type: string;
  subject: { kind: string; id: string };
  about?: CaseAbout;
  state: string;
  state_label: string;
  final: boolean;
  team: string | null;
  assignee: string | null;
  area: string | null;
  opened_on: string;
  state_since: string;
  deadline: string | null;
  overdue: boolean;
  version: number;
}

export interface CaseEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  from: string | null;
  to: string;
  // Without texts for a role that may not see them: no `text`, no `inputs`.
  data?: {
    text?: string;
    inputs?: Record<string, string>;
    changes?: Record<string, [unknown, unknown]>;
    created?: string[];
    registered?: string;
    activity?: string;
    activity_type?: string;
    deadline?: string;
  };
}

export interface LinkedActivity {
  id: string;
  type: string;
  date: string;
  explicit: boolean;
}

// What a case is about, in words: the server fills what the role may see.
export interface CaseAbout {
  title?: string;
  name?: string;
  expected?: string;
  activity_type?: string;
  date?: string;
  address?: { id: string; postcode?: string; house_number?: number; suffix?: string; street?: string; city?: string; area?: string };
}

export interface CaseDetail extends CaseSummary {
  history: CaseEvent[];
  linked: LinkedActivity[];
  allowed_transitions: string[];
}

export type Queue = "open" | "mine" | "team" | "overdue" | "all";

export interface Abuse extends CaseSummary {
  steps: { action: string; to: string; at: string; inputs: Record<string, string> }[];
}

export interface Partner {
  organisation: string;
  name: string;
  branch: string[];
  covenant_since: string | null;
  covenant_until: string | null;
  member: boolean;
  abuses: Abuse[];
}

export interface Motion {
  id: string;
  type: string;
  title: string;
  adopted: string;
  text?: string;
  party?: string;
  portfolio?: string;
  committee?: string;
  policy_field?: string;
  vote?: string;
  expected?: string;
  progress?: string[];
  response?: string;
  state: string;
  state_label: string;
  overdue: boolean;
  final: boolean;
  case: number | null;
}

// The case types are read once per session: the menu is derived from them.
let typesCache: Promise<CaseType[]> | null = null;
let typesKnown: CaseType[] = [];

export function loadCaseTypes(): Promise<CaseType[]> {
  typesCache ??= get<{ items: CaseType[] }>("/case-types").then((r) => (typesKnown = r.items));
  typesCache.catch(() => (typesCache = null));
  return typesCache;
}

// The case types loaded for this session (empty before loadCaseTypes()).
export function knownCaseTypes(): CaseType[] {
  return typesKnown;
}

export function forgetCaseTypes(): void {
  typesCache = null;
  typesKnown = [];
}

export function caseType(key: string): CaseType | undefined {
  return typesKnown.find((t) => t.key === key);
}

export function cases(queue: Queue, filter: { type?: string; area?: string; cursor?: string } = {}): Promise<{ items: CaseSummary[]; next_cursor: string | null }> {
  const q = new URLSearchParams({ queue, limit: "100" });
  if (filter.type) q.set("type", filter.type);
  if (filter.area) q.set("area", filter.area);
  if (filter.cursor) q.set("cursor", filter.cursor);
  return get(`/cases?${q}`);
}

export function getCase(id: number): Promise<CaseDetail> {
  return get<CaseDetail>(`/cases/${id}`);
}

export function openCase(body: { type: string; subject?: string; record?: Record<string, unknown>; team?: string; assignee?: string; inputs?: Record<string, string> }): Promise<CaseDetail> {
  return post<CaseDetail>("/cases", body);
}

export function takeStep(id: number, transition: string, inputs: Record<string, string>, version: number): Promise<CaseDetail> {
  return post<CaseDetail>(`/cases/${id}/transitions`, { transition, inputs, version });
}

export function addNote(id: number, text: string, version: number): Promise<CaseDetail> {
  return post<CaseDetail>(`/cases/${id}/notes`, { text, version });
}

export function linkActivity(id: number, activity: string, version: number): Promise<CaseDetail> {
  return post<CaseDetail>(`/cases/${id}/links`, { activity, version });
}

export function assignCase(id: number, team: string, assignee: string, version: number): Promise<CaseDetail> {
  return put<CaseDetail>(`/cases/${id}/assignment`, { team, assignee, version });
}

export async function covenantPartners(): Promise<Partner[]> {
  return (await get<{ items: Partner[] }>("/covenant/partners")).items;
}

export function joinCovenant(organisation: string, since: string): Promise<unknown> {
  return post(`/covenant/partners/${encodeURIComponent(organisation)}/join`, { since });
}

export async function motions(): Promise<Motion[]> {
  return (await get<{ items: Motion[] }>("/motions")).items;
}
