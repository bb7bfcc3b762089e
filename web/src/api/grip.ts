// The resources of Grip's API that the interface uses, typed. The types of
// answers whose schema the served document gives exactly are its own
// (schema.d.ts, through client.ts's Schemas: the session, the calendar, the
// checks, the catalogue's status); these stay written by hand where OpenAPI
// 3.0 cannot say the shape (a figure's value is a number or a list of
// [value, count] pairs: 3.0 has no tuples) or the record kinds' fields are
// open (`additionalProperties`).
import { get, listAll, post, put, request } from "./client";

export type IndicatorValue = number | [string, number][];

export interface Indicator {
  value: IndicatorValue | null;
  previous: IndicatorValue | null;
  label: string;
  definition: string;
  theme: string;
  measure: string;
  unit?: string;
  // A public role: the disclosure rule suppressed the figure (docs/disclosure.md).
  suppressed?: boolean;
  previous_suppressed?: boolean;
}

export interface IndicatorSet {
  period: string;
  area: string;
  area_name: string;
  indicators: Record<string, Indicator>;
}

export interface AttributeValue {
  code: string;
  label: string;
}

export interface Attribute {
  name: string;
  type: string;
  label?: string;
  values?: AttributeValue[];
  required?: boolean;
}

export interface ActivityType {
  code: string;
  theme: string;
  label: string;
  description?: string;
  links: string[];
  attributes: Attribute[];
}

export interface Theme {
  code: string;
  label: string;
}

export interface AggregateType {
  code: string;
  label: string;
  description?: string;
}

export interface Catalogue {
  themes: Theme[];
  activity_types: ActivityType[];
  aggregate_types?: AggregateType[];
  indicators: { code: string; theme: string; label: string; definition: string; measure: string }[];
}

export interface Meta {
  version: number;
  delivery: number;
  withdrawn: boolean;
  subject?: string;
}

export interface Area {
  kind: "area";
  code: string;
  name: string;
  level: "gemeente" | "wijk" | "buurt";
  parent?: string;
  priority?: boolean;
}

export interface Location {
  kind: "location";
  id: string;
  type: string;
  name: string;
  area?: string;
}

export interface Organisation {
  kind: "organisation";
  id: string;
  name: string;
  type: string;
}

// An address as a role with personal data sees it.
export interface Address {
  kind: "address";
  id: string;
  postcode?: string;
  house_number?: number;
  suffix?: string;
  street?: string;
  city?: string;
  area?: string;
  _meta?: Meta;
}

// A stored record of any kind, as the API gives it.
export interface StoredRecord {
  kind: string;
  id: string;
  _meta?: Meta;
  [field: string]: unknown;
}

export interface Person {
  kind: "person";
  id: string;
  bsn?: string;
  given_name?: string;
  family_name?: string;
  birth_year?: number;
  nationality?: string;
  _meta?: Meta;
}

export interface DeliveryError {
  line: number;
  field: string;
  message: string;
  text: string;
}

export interface DeliveryJob {
  id: string;
  state: string;
  file: string;
  format: string;
  progress: { bytes_read: number; bytes_total: number; lines: number };
  failure?: string;
  committed?: boolean;
  delivery?: number | null;
  already_imported?: number;
  counts?: Record<"read" | "stored" | "replaced" | "withdrawn" | "unchanged" | "rejected", number>;
  errors?: DeliveryError[];
  errors_total?: number;
  has_rejects?: boolean;
}

export interface ReportText {
  block: string;
  text: string | null;
  updated_at: string | null;
  hint: string | null;
  unwritten: boolean;
}

let catalogueCache: Promise<Catalogue> | null = null;
export function catalogue(): Promise<Catalogue> {
  catalogueCache ??= get<Catalogue>("/catalogue");
  catalogueCache.catch(() => (catalogueCache = null));
  return catalogueCache;
}

export function forgetCaches(): void {
  catalogueCache = null;
  areaCache = null;
}

export function indicators(period: string, area = ""): Promise<IndicatorSet> {
  const q = new URLSearchParams({ period });
  if (area) q.set("area", area);
  return get<IndicatorSet>(`/indicators?${q}`);
}

// The figures of the municipalities that share them, side by side and summed
// for the region (GET /region/indicators, the role regio).
export type Summing = "exact" | "per_municipality" | "none";

export interface RegionFigure {
  value: IndicatorValue | null;
  previous: IndicatorValue | null;
}

export interface RegionMunicipality {
  code: string;
  name: string;
  indicators: Record<string, RegionFigure>;
}

export interface RegionIndicator extends Indicator {
  // exact: the municipalities add up to the region; per_municipality: a
  // person counted in two municipalities counts twice; none: not summed.
  summing: Summing;
}

export interface RegionIndicators {
  period: string;
  municipalities: RegionMunicipality[];
  not_sharing: { code: string; name: string }[];
  region: Record<string, RegionIndicator>;
}

export function regionIndicators(period: string): Promise<RegionIndicators> {
  return get<RegionIndicators>(`/region/indicators?${new URLSearchParams({ period })}`);
}

let areaCache: Promise<Area[]> | null = null;
export function areas(): Promise<Area[]> {
  areaCache ??= listAll<Area>("/records/area");
  areaCache.catch(() => (areaCache = null));
  return areaCache;
}

export function location(id: string): Promise<Location> {
  return get<Location>(`/records/location/${encodeURIComponent(id)}`);
}

export function locations(): Promise<Location[]> {
  return listAll<Location>("/records/location");
}

export async function searchPersons(bsn: string): Promise<Person[]> {
  const result = await post<{ items: Person[] }>("/persons/search", { bsn });
  return result.items;
}

export function organisations(): Promise<Organisation[]> {
  return listAll<Organisation>("/records/organisation");
}

// Addresses by postcode, house number and suffix (in the body, never in a URL).
export async function searchAddresses(postcode: string, houseNumber: number, suffix: string): Promise<Address[]> {
  const body: Record<string, unknown> = { postcode, house_number: houseNumber };
  if (suffix) body.suffix = suffix;
  const result = await post<{ items: Address[] }>("/addresses/search", body);
  return result.items;
}

// The buurten of the stored addresses with a postcode, the most common first.
export async function areasOfPostcode(postcode: string): Promise<string[]> {
  const result = await post<{ items: { area: string; addresses: number }[] }>("/addresses/area", { postcode });
  return result.items.map((i) => i.area);
}

export function recordsPage(kind: string, query: URLSearchParams): Promise<{ items: StoredRecord[]; next_cursor: string | null }> {
  return get(`/records/${kind}?${query}`);
}

export function readRecord(kind: string, id: string): Promise<StoredRecord> {
  return get<StoredRecord>(`/records/${kind}/${encodeURIComponent(id)}`);
}

export function replaceRecord<T>(kind: string, id: string, record: Record<string, unknown>): Promise<T> {
  return put<T>(`/records/${kind}/${encodeURIComponent(id)}`, record);
}

// Withdraws a record, with the reason kept sealed in its history.
export function withdrawRecord(kind: string, id: string, reason: string): Promise<void> {
  return request<void>("DELETE", `/records/${kind}/${encodeURIComponent(id)}`, { body: { reason } });
}

export interface HistoryVersion {
  version: number;
  withdrawn: boolean;
  recorded_at: string;
  reason?: string;
  fields: Record<string, unknown>;
}

export function recordHistory(kind: string, id: string): Promise<{ items: HistoryVersion[] }> {
  return get(`/records/${kind}/${encodeURIComponent(id)}/history`);
}

export function createRecord<T>(kind: string, record: Record<string, unknown>): Promise<T> {
  return post<T>(`/records/${kind}`, record);
}

export async function startDelivery(
  file: File,
  options: { partial: boolean; kind?: string },
  onUpload: (fraction: number) => void,
  csrfToken: string,
): Promise<string> {
  // XMLHttpRequest: fetch() does not report upload progress.
  const isCsv = /\.csv$/i.test(file.name);
  const q = new URLSearchParams({ file: file.name.replace(/[\\/]/g, "_") });
  if (options.partial) q.set("mode", "partial");
  if (isCsv && options.kind) q.set("kind", options.kind);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/deliveries?${q}`);
    xhr.setRequestHeader("Content-Type", isCsv ? "text/csv" : "application/x-ndjson");
    xhr.setRequestHeader("Accept", "application/json");
    if (csrfToken) xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onUpload(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { id?: string; detail?: string; invalid_params?: { name: string; reason: string }[] } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 202 && body.id) resolve(body.id);
      else reject(Object.assign(new Error(body.detail ?? `HTTP ${xhr.status}`), { status: xhr.status, body }));
    };
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(file);
  });
}

export function deliveryJob(id: string): Promise<DeliveryJob> {
  return get<DeliveryJob>(`/deliveries/jobs/${encodeURIComponent(id)}`);
}

export interface StoredDelivery {
  id: number;
  // A file, or the registrations of the web interface and the API (listed
  // only with include=registrations).
  kind: "file" | "registrations";
  source: string;
  started_at: string;
  status: "running" | "committed" | "refused" | "stopped";
  counts: Record<string, number>;
}

export function deliveries(): Promise<{ items: StoredDelivery[] }> {
  return get<{ items: StoredDelivery[] }>("/deliveries");
}

export function reportTexts(year: number): Promise<{ year: number; items: ReportText[] }> {
  return get(`/reports/${year}/texts`);
}

export function saveReportText(year: number, block: string, text: string): Promise<unknown> {
  return put(`/reports/${year}/texts/${encodeURIComponent(block)}`, { text });
}

export function copyReportTexts(year: number, from: number): Promise<{ copied: string[]; kept: string[] }> {
  return post(`/reports/${year}/texts/copy`, { from });
}

export function reportHtml(year: number): Promise<string> {
  return request<string>("GET", `/reports/${year}?format=html`);
}

export function reportUrl(year: number, format: "html" | "md" | "docx" | "pdf" | "xlsx", edition: "intern" | "openbaar" = "intern"): string {
  return `/api/v1/reports/${year}?format=${format}${edition === "openbaar" ? "&edition=openbaar" : ""}&download=1`;
}
