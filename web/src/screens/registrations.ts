// What one registered, to correct or withdraw: the activities, aggregates
// and milestones of the kinds the role writes (for an own-scope role those
// of its organisation or locations: the API filters), by type and period.
// Opening one shows its form filled in (a correction is a new version,
// PUT) and a withdrawal with its reason, which Grip keeps in the history.
import { ApiError } from "../api/client";
import { catalogue, recordsPage, StoredRecord, withdrawRecord } from "../api/grip";
import { focusHeading, registerScreen } from "../app";
import { clear, h } from "../dom";
import { alertBox, field } from "../form";
import { FormSpec, specOf, specsFor } from "../forms/catalogue_forms";
import { Lists, recordForm } from "../forms/record_form";
import { t, textOf } from "../i18n";
import { reasonText } from "../reasons";

const kinds = ["activity", "aggregate", "milestone"];

function cell(...content: (Node | string)[]): HTMLTableCellElement {
  return h("td", { class: "utrecht-table__cell" }, ...content);
}

registerScreen({
  path: "/registraties",
  titleKey: "registration.list.title",
  allowed: (s) => kinds.some((k) => s.write.includes(k)),
  async render(main, ctx) {
    const s = ctx.session;
    const cat = await catalogue();
    const specs = specsFor(s, cat);
    const lists = new Lists(s);
    const writable = kinds.filter((k) => s.write.includes(k) && s.read.includes(k));

    const kindField = field({ label: t("registration.list.kind"), name: "kind", options: writable.map((k) => ({ value: k, label: textOf(`forms.kind.${k}`) })) });
    const typeField = field({ label: t("registration.type"), name: "type", options: [] });
    const period = field({ label: t("forms.period"), name: "period", value: String(new Date().getFullYear()), description: t("forms.periodHelp") });
    const fillTypes = () => {
      const select = typeField.input as HTMLSelectElement;
      const of = specs.filter((spec) => spec.kind === kindField.input.value && spec.code);
      select.replaceChildren(h("option", { value: "" }, t("registration.list.allTypes")), ...of.map((spec) => h("option", { value: spec.code }, spec.label)));
      typeField.wrapper.hidden = of.length === 0;
    };
    kindField.input.addEventListener("change", fillTypes);
    fillTypes();
    const listBox = h("div", { "aria-live": "polite", "data-testid": "registrations" });
    const detail = h("section", { "aria-label": t("registration.list.detail"), "data-testid": "registration-detail" });
    const flash = h("div", { class: "grip-form-message", "aria-live": "polite" });

    const labelOf = (r: StoredRecord, kind: string): string =>
      kind === "milestone" ? cat.themes.find((th) => th.code === r.theme)?.label ?? String(r.theme) : specOf(cat, kind, String(r.type))?.label ?? String(r.type);
    const summary = (r: StoredRecord, kind: string): string => {
      if (kind === "milestone") return String(r.text ?? "").slice(0, 80);
      if (kind === "aggregate") return t("registration.list.value", { value: String(r.value) });
      const bits: string[] = [];
      if (r.count !== undefined) bits.push(t("registration.list.count", { count: String(r.count) }));
      const attrs = (r.attributes ?? {}) as Record<string, unknown>;
      const spec = specOf(cat, kind, String(r.type));
      for (const [name, value] of Object.entries(attrs)) {
        const attr = spec?.attributes.find((a) => a.name === name);
        const label = (v: unknown) => attr?.values?.find((x) => x.code === v)?.label ?? (v === true ? t("common.yes") : v === false ? t("common.no") : String(v));
        bits.push(`${attr?.label ?? name}: ${Array.isArray(value) ? value.map(label).join(", ") : label(value)}`);
      }
      return bits.join("; ");
    };

    // Every record of the filter (up to `cap`), the latest first: the API
    // pages by id, and what one registered last belongs at the top.
    const cap = 1000;
    const load = async () => {
      const kind = kindField.input.value;
      period.setError(null);
      const items: StoredRecord[] = [];
      let cursor: string | null = null;
      try {
        do {
          const q = new URLSearchParams({ limit: "500" });
          if (typeField.input.value) q.set("type", typeField.input.value);
          if (period.input.value.trim()) q.set("period", period.input.value.trim());
          if (cursor) q.set("cursor", cursor);
          const page = await recordsPage(kind, q);
          items.push(...page.items);
          cursor = page.next_cursor;
        } while (cursor && items.length < cap);
      } catch (e) {
        if (e instanceof ApiError && e.problem.invalid_params?.length) period.setError(reasonText(e.problem.invalid_params[0].reason));
        else listBox.replaceChildren(alertBox("error", t("app.failed")));
        return;
      }
      const when = (r: StoredRecord) => String(r.date ?? r.period ?? "");
      items.sort((a, b) => when(b).localeCompare(when(a)) || b.id.localeCompare(a.id));
      clear(listBox);
      if (!items.length) {
        listBox.append(alertBox("info", t("registration.list.none")));
        return;
      }
      const rows = items.map((r) =>
        h(
          "tr",
          { class: "utrecht-table__row", "data-record": r.id },
          cell(when(r)),
          cell(labelOf(r, kind)),
          cell(summary(r, kind)),
          cell(h("button", { type: "button", class: "utrecht-button utrecht-button--subtle", "aria-label": t("registration.list.openOne", { what: `${labelOf(r, kind)} ${when(r)}` }), onclick: () => void open(kind, r) }, t("registration.list.open"))),
        ),
      );
      if (cursor) listBox.append(alertBox("info", t("registration.list.capped", { n: cap })));
      listBox.append(
        h(
          "div",
          { class: "grip-table-scroll", tabindex: "0", role: "region", "aria-label": t("registration.list.title") },
          h(
            "table",
            { class: "utrecht-table" },
            h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, ...[t("registration.list.when"), t("registration.type"), t("registration.list.details"), t("registration.list.action")].map((x) => h("th", { class: "utrecht-table__header-cell", scope: "col" }, x)))),
            h("tbody", { class: "utrecht-table__body" }, rows),
          ),
        ),
      );
    };

    const open = async (kind: string, r: StoredRecord) => {
      flash.replaceChildren();
      const spec: FormSpec | undefined = specOf(cat, kind, String(r.type));
      clear(detail);
      const heading = h("h2", { class: "utrecht-heading-2", tabindex: "-1" }, t("registration.list.correctHeading", { what: labelOf(r, kind), when: String(r.date ?? r.period ?? "") }));
      detail.append(heading);
      if (!spec || !specs.some((x) => x.key === spec.key)) {
        detail.append(alertBox("info", t("registration.list.cannotCorrect")));
      } else {
        const status = h("div", { class: "grip-form-message", "aria-live": "polite" });
        const built = await recordForm({
          spec,
          session: s,
          lists,
          status,
          existing: r,
          submitText: t("registration.list.correct"),
          saved: () => {
            clear(detail);
            void load().then(() => flash.replaceChildren(alertBox("ok", t("registration.list.corrected"))));
          },
        });
        detail.append(built.form);
      }
      // Withdrawing, with the reason.
      const reason = field({ label: t("registration.list.reason"), name: "reason", textarea: true, rows: 2, required: true, description: t("registration.list.reasonHelp") });
      const wStatus = h("div", { class: "grip-form-message", "aria-live": "polite" });
      const withdraw = h(
        "form",
        { class: "grip-form", novalidate: true, "data-testid": "withdraw-form" },
        h("h3", { class: "utrecht-heading-3" }, t("registration.list.withdrawHeading")),
        reason.wrapper,
        wStatus,
        h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t("registration.list.withdraw")),
      );
      withdraw.addEventListener("submit", async (e) => {
        e.preventDefault();
        reason.setError(null);
        const text = reason.input.value.trim();
        if (!text) {
          reason.setError(t("registration.list.reasonMissing"));
          reason.input.focus();
          return;
        }
        try {
          await withdrawRecord(kind, r.id, text);
        } catch (err) {
          const p = err instanceof ApiError ? err.problem.invalid_params?.[0] : undefined;
          if (p) reason.setError(reasonText(p.reason));
          else wStatus.replaceChildren(alertBox("error", err instanceof ApiError && err.status === 403 ? t("app.notAllowed") : t("app.failed")));
          return;
        }
        clear(detail);
        // The list as it is now, then the message: the withdrawn one is gone from it.
        await load();
        flash.replaceChildren(alertBox("ok", t("registration.list.withdrawn")));
      });
      detail.append(withdraw);
      heading.focus();
    };

    const filters = h(
      "form",
      { class: "grip-form grip-chooser", novalidate: true, "aria-label": t("registration.list.filter"), "data-testid": "registrations-filter" },
      kindField.wrapper,
      typeField.wrapper,
      period.wrapper,
      h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t("registration.list.show")),
    );
    filters.addEventListener("submit", (e) => {
      e.preventDefault();
      clear(detail);
      void load();
    });
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("registration.list.title")),
      h("p", { class: "utrecht-paragraph" }, t("registration.list.intro")),
      filters,
      flash,
      listBox,
      detail,
    );
    if (!writable.length) listBox.append(alertBox("info", t("registration.list.none")));
    else await load();
    focusHeading(main);
  },
});
