// The approval of a year's report and its frozen editions, on the report
// screen: the approval case's state with its next steps as buttons (with
// their date and decision number), the editions with their files to
// download, and what changed since the newest edition was frozen (figure
// by figure: frozen value, live value, the deliveries that changed it).
// See docs/report-editions.md.
import { ApiError, get, post } from "../api/client";
import type { Session } from "../api/client";
import { caseType, getCase, loadCaseTypes, openCase, takeStep } from "../api/cases";
import type { CaseDetail } from "../api/cases";
import { may } from "../app";
import { h } from "../dom";
import { alertBox, field } from "../form";
import { formatNumber, t, textOf } from "../i18n";

interface Edition {
  id: number;
  year: number;
  frozen_at: string;
  decision_date: string | null;
  decision_number: string | null;
  corrects: number | null;
  case: number | null;
  content_hash: string;
}

interface Editions {
  year: number;
  editions: Edition[];
  approval: { id: number; type: string; state: string; version: number } | null;
}

interface Change {
  period: string;
  area: string;
  indicator: string;
  frozen: unknown;
  live: unknown;
  deliveries: { id: number; source: string; received_at: string }[];
}

const kApprovalType = "voortgangsrapportage";
const kFormats = ["pdf", "docx", "xlsx", "html", "md", "json"];

function valueText(v: unknown): string {
  if (v === null || v === undefined) return t("editions.none");
  if (typeof v === "number") return formatNumber(v);
  if (Array.isArray(v)) return v.map((pair) => (Array.isArray(pair) ? `${pair[0]}: ${pair[1]}` : String(pair))).join(", ");
  return String(v);
}

function fileUrl(year: number, id: number, format: string, edition: string): string {
  return `/api/v1/reports/${year}/editions/${id}?format=${format}&edition=${edition}&download=1`;
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return t("app.notAllowed");
    if (err.problem.detail) return err.problem.detail;
  }
  return t("app.failed");
}

// The approval: its state and the steps the user may take now.
function approvalPart(year: number, s: Session, list: Editions, refresh: () => void): HTMLElement {
  const part = h("div", { class: "grip-approval", "data-testid": "approval" });
  const message = h("div", { class: "grip-form-message", "aria-live": "polite" });
  const approver = may(s, "reports.approve");
  if (!list.approval) {
    part.append(h("p", { class: "utrecht-paragraph" }, t("editions.noApproval")));
    if (approver) {
      const start = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t("editions.start"));
      start.addEventListener("click", async () => {
        start.disabled = true;
        try {
          await openCase({ type: kApprovalType, subject: String(year) });
          refresh();
        } catch (err) {
          message.replaceChildren(alertBox("error", errorText(err)));
          start.disabled = false;
        }
      });
      part.append(start);
    }
    part.append(message);
    return part;
  }
  const approval = list.approval;
  part.append(h("p", { class: "utrecht-paragraph", "data-testid": "approval-state" }, t("editions.state", { state: approval.state })));
  const steps = h("div", { class: "grip-approval__steps" });
  part.append(steps, message);
  void (async () => {
    let detail: CaseDetail;
    try {
      await loadCaseTypes();
      detail = await getCase(approval.id);
    } catch (err) {
      message.replaceChildren(alertBox("error", errorText(err)));
      return;
    }
    part.querySelector("[data-testid=approval-state]")?.replaceChildren(t("editions.state", { state: detail.state_label }));
    const type = caseType(kApprovalType);
    if (!type) return;
    for (const key of detail.allowed_transitions) {
      const tr = type.transitions.find((x) => x.key === key);
      if (!tr) continue;
      const inputs = tr.inputs.map((name) => {
        const input = type.inputs.find((i) => i.key === name);
        return { name, f: field({ label: input?.label ?? name, name: `${tr.key}-${name}`, type: input?.type === "date" ? "date" : "text", required: true }) };
      });
      const submit = h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", "data-step": tr.key }, tr.label);
      const form = h("form", { class: "grip-form grip-approval__step", "aria-label": tr.label, novalidate: true }, ...inputs.map((i) => i.f.wrapper), submit);
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        message.replaceChildren();
        const values: Record<string, string> = {};
        let missing = false;
        for (const i of inputs) {
          i.f.setError(null);
          if (!i.f.input.value.trim()) {
            i.f.setError(t("editions.required"));
            if (!missing) i.f.input.focus();
            missing = true;
          }
          values[i.name] = i.f.input.value.trim();
        }
        if (missing) return;
        submit.disabled = true;
        try {
          await takeStep(approval.id, tr.key, values, detail.version);
          refresh();
        } catch (err) {
          message.replaceChildren(alertBox("error", errorText(err)));
          submit.disabled = false;
        }
      });
      steps.append(form);
    }
  })();
  return part;
}

function editionsTable(year: number, list: Editions): HTMLElement {
  if (!list.editions.length) return h("p", { class: "utrecht-paragraph" }, t("editions.noEditions"));
  const head = h(
    "tr",
    { class: "utrecht-table__row" },
    ...["editions.id", "editions.frozenAt", "editions.decisionDate", "editions.decisionNumber", "editions.corrects", "editions.files"].map((k) =>
      h("th", { class: "utrecht-table__header-cell", scope: "col" }, textOf(k)),
    ),
  );
  const rows = list.editions.map((e) =>
    h(
      "tr",
      { class: "utrecht-table__row", "data-edition": String(e.id) },
      h("td", { class: "utrecht-table__cell" }, String(e.id)),
      h("td", { class: "utrecht-table__cell" }, e.frozen_at),
      h("td", { class: "utrecht-table__cell" }, e.decision_date ?? t("editions.none")),
      h("td", { class: "utrecht-table__cell" }, e.decision_number ?? t("editions.none")),
      h("td", { class: "utrecht-table__cell" }, e.corrects ? t("editions.correctsEdition", { id: e.corrects }) : t("editions.none")),
      h(
        "td",
        { class: "utrecht-table__cell" },
        h(
          "ul",
          { class: "utrecht-unordered-list grip-downloads" },
          ...["intern", "openbaar"].flatMap((edition) =>
            kFormats.map((format) =>
              h(
                "li",
                { class: "utrecht-unordered-list__item" },
                h("a", { class: "utrecht-link", href: fileUrl(year, e.id, format, edition), download: "", "data-testid": `edition-${e.id}-${edition}-${format}` }, t("editions.download", { format: format.toUpperCase(), edition })),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return h(
    "table",
    { class: "utrecht-table", "data-testid": "editions" },
    h("caption", { class: "utrecht-table__caption" }, t("editions.caption", { year })),
    h("thead", { class: "utrecht-table__header" }, head),
    h("tbody", { class: "utrecht-table__body" }, ...rows),
  );
}

async function diffPart(year: number, edition: Edition): Promise<HTMLElement> {
  const part = h("section", { class: "grip-edition-diff", "aria-labelledby": "diff-heading", "data-testid": "diff" }, h("h3", { class: "utrecht-heading-3", id: "diff-heading" }, t("editions.diffHeading")));
  part.append(h("p", { class: "utrecht-paragraph" }, t("editions.diffIntro", { id: edition.id, when: edition.frozen_at })));
  const diff = await get<{ changes: Change[] }>(`/reports/${year}/editions/${edition.id}/diff`);
  if (!diff.changes.length) {
    part.append(h("p", { class: "utrecht-paragraph", "data-testid": "diff-none" }, t("editions.diffNone")));
    return part;
  }
  const head = h(
    "tr",
    { class: "utrecht-table__row" },
    ...["editions.indicator", "editions.area", "editions.period", "editions.frozen", "editions.live", "editions.deliveries"].map((k) =>
      h("th", { class: "utrecht-table__header-cell", scope: "col" }, textOf(k)),
    ),
  );
  const rows = diff.changes.map((c) =>
    h(
      "tr",
      { class: "utrecht-table__row", "data-indicator": c.indicator, "data-area": c.area, "data-period": c.period },
      h("td", { class: "utrecht-table__cell" }, c.indicator),
      h("td", { class: "utrecht-table__cell" }, c.area),
      h("td", { class: "utrecht-table__cell" }, c.period),
      h("td", { class: "utrecht-table__cell", "data-testid": "frozen" }, valueText(c.frozen)),
      h("td", { class: "utrecht-table__cell", "data-testid": "live" }, valueText(c.live)),
      h("td", { class: "utrecht-table__cell" }, c.deliveries.map((d) => t("editions.delivery", { id: d.id, source: d.source, when: d.received_at })).join("; ") || t("editions.none")),
    ),
  );
  part.append(
    h(
      "table",
      { class: "utrecht-table" },
      h("caption", { class: "utrecht-table__caption" }, t("editions.diffCaption", { count: diff.changes.length })),
      h("thead", { class: "utrecht-table__header" }, head),
      h("tbody", { class: "utrecht-table__body" }, ...rows),
    ),
  );
  return part;
}

// The section, filled when its data has come.
export function reportEditions(year: number, s: Session): HTMLElement {
  const section = h("section", { class: "grip-report-editions", "aria-labelledby": "editions-heading" });
  const load = async () => {
    section.replaceChildren(h("h2", { class: "utrecht-heading-2", id: "editions-heading" }, t("editions.heading")));
    try {
      const list = await get<Editions>(`/reports/${year}/editions`);
      section.append(approvalPart(year, s, list, () => void load()), editionsTable(year, list));
      const newest = list.editions[list.editions.length - 1];
      if (newest) {
        if (may(s, "reports.approve") && list.approval?.state === "verzonden") {
          const message = h("div", { class: "grip-form-message", "aria-live": "polite" });
          const correct = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t("editions.correct", { id: newest.id }));
          correct.addEventListener("click", async () => {
            correct.disabled = true;
            try {
              await post(`/reports/${year}/editions`, { corrects: newest.id });
              void load();
            } catch (err) {
              message.replaceChildren(alertBox("error", errorText(err)));
              correct.disabled = false;
            }
          });
          section.append(correct, message);
        }
        section.append(await diffPart(year, newest));
      }
    } catch (err) {
      section.append(alertBox("error", errorText(err)));
    }
  };
  void load();
  return section;
}
