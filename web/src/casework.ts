// What the casework screens share: table cells, the names of organisations
// and activity types, and showing a refusal of the server next to its fields.
import { ApiError, listAll } from "./api/client";
import { CaseSummary } from "./api/cases";
import { Address } from "./api/grip";
import { addressLine } from "./pickers/address_picker";
import { catalogue, Catalogue } from "./api/grip";
import { h } from "./dom";
import { alertBox, Field } from "./form";
import { t } from "./i18n";
import { caseReasonText } from "./reasons";
import { calendarDate, timeElement } from "./time";

export function th(text: string, num = false): HTMLTableCellElement {
  return h("th", { class: `utrecht-table__header-cell${num ? " grip-num" : ""}`, scope: "col" }, text);
}

export function td(...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { class: "utrecht-table__cell" }, ...content);
}

export function caseHref(id: number): string {
  return `/zaak?id=${id}`;
}

export function caseLink(id: number, text = t("cases.caseNumber", { id })): HTMLAnchorElement {
  return h("a", { href: caseHref(id), "data-nav": true, class: "utrecht-link" }, text);
}

// A deadline, with "termijn verstreken" when the case is overdue (not by colour alone).
// A deadline as a date in words, flagged when it has passed. Without a date
// there is nothing to have passed: a dash, never a flag on its own.
export function deadlineOf(deadline: string | null | undefined, overdue: boolean): HTMLElement {
  return h(
    "span",
    { class: overdue && deadline ? "grip-overdue" : null },
    deadline ? timeElement(deadline, calendarDate(deadline)) : "–",
    overdue && deadline ? h("strong", { class: "grip-overdue__flag" }, ` ${t("cases.overdue")}`) : null,
  );
}

export interface Names {
  organisation: (id: string | null | undefined) => string;
  activityType: (code: string) => string;
  // The label of an enum value of an input (from the catalogue's attribute of the same name).
  value: (input: string, code: string) => string;
}

export async function names(): Promise<Names> {
  const [orgs, cat] = await Promise.all([
    listAll<{ id: string; name: string }>("/records/organisation").catch(() => []),
    catalogue().catch(() => null as Catalogue | null),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const typeName = new Map((cat?.activity_types ?? []).map((a) => [a.code, a.label]));
  const values = new Map<string, string>();
  for (const a of cat?.activity_types ?? []) for (const attr of a.attributes) for (const v of attr.values ?? []) values.set(`${attr.name}:${v.code}`, v.label);
  return {
    organisation: (id) => (id ? orgName.get(id) ?? id : "–"),
    activityType: (code) => typeName.get(code) ?? code,
    value: (input, code) => values.get(`${input}:${code}`) ?? code.replace(/_/g, " "),
  };
}

export async function organisations(): Promise<{ id: string; name: string }[]> {
  const orgs = await listAll<{ id: string; name: string }>("/records/organisation").catch(() => []);
  return orgs.sort((a, b) => a.name.localeCompare(b.name));
}

// Shows why the server refused: each reason next to its field when the form
// has it, the others at the top of the form (in `message`).
export function showRefusal(e: unknown, fields: Record<string, Field>, message: HTMLElement, labels?: (code: string) => string): void {
  if (!(e instanceof ApiError)) {
    message.append(alertBox("error", t("app.failed")));
    return;
  }
  const params = e.problem.invalid_params ?? [];
  const general: string[] = [];
  let focused = false;
  for (const p of params) {
    const key = p.name.replace(/^record\./, "").replace(/^attributes\./, "");
    const f = fields[p.name] ?? fields[key];
    const text = caseReasonText(p.reason, labels);
    if (f) {
      f.setError(text);
      if (!focused) f.input.focus();
      focused = true;
    } else general.push(text);
  }
  if (general.length || !params.length) {
    const lead = e.status === 403 ? t("app.notAllowed") : e.status === 409 ? t("cases.refused") : params.length ? t("cases.refused") : t("app.failed");
    const content: Node[] = [h("p", { class: "utrecht-paragraph" }, lead)];
    if (general.length) content.push(h("ul", { class: "utrecht-unordered-list", "data-testid": "refusal" }, general.map((g) => h("li", { class: "utrecht-unordered-list__item" }, g))));
    message.append(alertBox("error", ...content));
  }
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// What a case is about, in words: a motion's title, an organisation's name,
// an activity's type and date with its address; the id only when the server
// gave nothing more.
export function subjectText(c: CaseSummary, n: Names, areaName: (code: string) => string): string {
  const about = c.about ?? {};
  if (c.subject.kind === "organisation") return about.name ?? n.organisation(c.subject.id);
  if (about.title) return about.title;
  if (about.address) return addressLine(about.address as Address, areaName);
  if (about.activity_type) return `${n.activityType(about.activity_type)}, ${calendarDate(about.date)}`;
  return c.subject.id;
}
