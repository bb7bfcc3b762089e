// The catalogue (beheer, reached from the Beheer screen): the activity types
// with their attributes, the indicators with their definitions and how they
// are counted, and the case types with their states, deadlines and steps.
// A role with catalogue.edit changes wording and deadlines when the server
// runs on a writable copy; the server checks every change with the
// catalogue's own loaders, and a saved change takes effect at the server's
// next start, which the screen says.
import { ApiError } from "../api/client";
import { CaseType } from "../api/cases";
import {
  CatalogueActivityType,
  CatalogueIndicator,
  CatalogueStatus,
  Condition,
  catalogueActivityTypes,
  catalogueCaseTypes,
  catalogueIndicators,
  changeActivityType,
  changeIndicator,
  changeState,
} from "../api/catalogue";
import { focusHeading, may, registerScreen } from "../app";
import { th, td } from "../casework";
import { append, clear, h } from "../dom";
import { alertBox, Field, field, formOf } from "../form";
import { hasText, t, textOf } from "../i18n";
import { reasonText } from "../reasons";

// The version box at the top: what runs, and whether a saved change waits.
function statusBox(box: HTMLElement, s: CatalogueStatus): void {
  clear(box);
  if (!s.writable) box.append(alertBox("warning", t("catalogue.readOnly")));
  if (s.pending_restart)
    box.append(alertBox("warning", t("catalogue.pending", { running: s.running_version, since: s.running_since, saved: s.saved_version })));
  else box.append(alertBox("info", t("catalogue.running", { running: s.running_version, since: s.running_since })));
}

// A refusal of the server: each reason next to its field, the rest above the button.
function showRefusal(e: unknown, fields: Record<string, Field>, message: HTMLElement): void {
  const params = e instanceof ApiError ? e.problem.invalid_params ?? [] : [];
  if (e instanceof ApiError && e.status === 409) {
    message.append(alertBox("error", t("catalogue.readOnly")));
    return;
  }
  if (!params.length) {
    message.append(alertBox("error", t("app.failed")));
    return;
  }
  let first: Field | null = null;
  for (const p of params) {
    const f = fields[p.name];
    const text = /final state has no deadline/.test(p.reason) ? t("catalogue.finalNoDeadline") : reasonText(p.reason);
    if (f) {
      f.setError(text);
      first ??= f;
    } else message.append(alertBox("error", text));
  }
  message.prepend(alertBox("error", t("catalogue.notSaved")));
  first?.input.focus();
}

// A form that sends a change; on success it says the change is saved and
// pending, and updates the version box.
function changeForm(
  labelledBy: string,
  fields: Record<string, Field>,
  send: () => Promise<{ catalogue: CatalogueStatus }>,
  status: HTMLElement,
): HTMLFormElement {
  const { form, message } = formOf({ "aria-labelledby": labelledBy }, Object.values(fields).map((f) => f.wrapper), t("catalogue.save"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    message.replaceChildren();
    for (const f of Object.values(fields)) f.setError(null);
    try {
      const changed = await send();
      statusBox(status, changed.catalogue);
      message.append(alertBox("ok", t("catalogue.saved")));
    } catch (err) {
      showRefusal(err, fields, message);
    }
  });
  return form;
}

function section(title: string, id: string, ...content: Node[]): HTMLElement {
  return h("section", { "aria-labelledby": id, class: "grip-catalogue" }, h("h2", { class: "utrecht-heading-2", id }, title), ...content);
}

function item(key: string, kind: string, summary: string, ...content: (Node | null)[]): HTMLDetailsElement {
  return h("details", { class: "grip-catalogue__item", "data-catalogue": `${kind}:${key}` }, h("summary", null, summary), ...content);
}

function paragraph(text: string, extra = ""): HTMLParagraphElement {
  return h("p", { class: `utrecht-paragraph${extra}` }, text);
}

function activityTypeItem(type: CatalogueActivityType, editable: boolean, status: HTMLElement): HTMLDetailsElement {
  const body = h("div", null);
  const draw = (ty: CatalogueActivityType) => {
    clear(body);
    const caption = t("catalogue.attributesOf", { label: ty.label });
    body.append(
      paragraph(ty.description || t("catalogue.noDescription")),
      paragraph(t("catalogue.theme", { theme: ty.theme_label }), " grip-muted"),
      ty.attributes.length
        ? h(
            "table",
            { class: "utrecht-table" },
            h("caption", { class: "utrecht-table__caption" }, caption),
            h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("catalogue.attribute")), th(t("catalogue.label")), th(t("catalogue.type")), th(t("catalogue.values")))),
            h(
              "tbody",
              { class: "utrecht-table__body" },
              ty.attributes.map((a) =>
                h("tr", { class: "utrecht-table__row" }, td(h("code", null, a.name)), td(a.label || "–"), td(hasText(`catalogue.attributeType.${a.type}`) ? textOf(`catalogue.attributeType.${a.type}`) : a.type), td(a.values.map((v) => v.label || v.code).join(", ") || "–")),
              ),
            ),
          )
        : paragraph(t("catalogue.noAttributes")),
    );
  };
  draw(type);
  const details = item(type.code, "activity", `${type.label} (${type.code})`, body);
  if (editable) {
    const headingId = `edit-activity-${type.code}`;
    const fields: Record<string, Field> = {
      label: field({ label: t("catalogue.label"), name: "label", value: type.label, required: true }),
      description: field({ label: t("catalogue.description"), name: "description", value: type.description, textarea: true, rows: 3 }),
    };
    for (const a of type.attributes)
      fields[`attributes.${a.name}.label`] = field({ label: t("catalogue.attributeLabel", { name: a.name }), name: `attribute-${a.name}`, value: a.label, required: true });
    let current = type;
    const form = changeForm(
      headingId,
      fields,
      async () => {
        const attributes: Record<string, { label: string }> = {};
        for (const a of current.attributes) attributes[a.name] = { label: fields[`attributes.${a.name}.label`].input.value };
        const changed = await changeActivityType(type.code, { label: fields.label.input.value, description: fields.description.input.value, attributes });
        current = changed.item;
        draw(current);
        return changed;
      },
      status,
    );
    details.append(h("h3", { class: "utrecht-heading-3", id: headingId }, t("catalogue.change", { label: type.label })), form);
  }
  return details;
}

// A condition of an indicator in words: "attributes.onderwerp is digid".
function conditionText(c: Condition): string {
  const list = (v: string[]) => v.join(", ");
  if (c.equals !== undefined) return t("catalogue.condEquals", { field: c.field, value: String(c.equals) });
  if (c.in) return t("catalogue.condIn", { field: c.field, value: list(c.in) });
  if (c.not_in) return t("catalogue.condNotIn", { field: c.field, value: list(c.not_in) });
  return c.field;
}

function indicatorItem(ind: CatalogueIndicator, editable: boolean, status: HTMLElement): HTMLDetailsElement {
  const body = h("div", null);
  const draw = (d: CatalogueIndicator) => {
    clear(body);
    const counted: string[] = [textOf(`measure.${d.measure}`) + (d.unit ? ` (${d.unit})` : "")];
    if (d.activity_type_label) counted.push(t("catalogue.ofType", { type: d.activity_type_label }));
    if (d.attribute) counted.push(t("catalogue.perAttribute", { attribute: d.attribute }));
    if (d.location_type) counted.push(t("catalogue.ofLocationType", { type: d.location_type }));
    if (d.aggregate_type) counted.push(t("catalogue.ofAggregateType", { type: d.aggregate_type }));
    append(body, [
      h("h3", { class: "utrecht-heading-4" }, t("catalogue.definition")),
      paragraph(d.definition),
      h("h3", { class: "utrecht-heading-4" }, t("dashboard.howCounted")),
      paragraph(counted.join(", ") + "."),
      d.where.length ? h("ul", { class: "utrecht-unordered-list" }, d.where.map((c) => h("li", null, t("catalogue.only", { condition: conditionText(c) })))) : null,
      d.numerator.length ? h("ul", { class: "utrecht-unordered-list" }, d.numerator.map((c) => h("li", null, t("catalogue.numerator", { condition: conditionText(c) })))) : null,
      paragraph(t("catalogue.theme", { theme: d.theme_label }), " grip-muted"),
    ]);
  };
  draw(ind);
  const details = item(ind.code, "indicator", `${ind.label} (${ind.code})`, body);
  if (editable) {
    const headingId = `edit-indicator-${ind.code.replace(/\W/g, "-")}`;
    const fields: Record<string, Field> = {
      label: field({ label: t("catalogue.label"), name: "label", value: ind.label, required: true }),
      definition: field({ label: t("catalogue.definition"), name: "definition", value: ind.definition, textarea: true, rows: 4, required: true }),
    };
    const form = changeForm(
      headingId,
      fields,
      async () => {
        const changed = await changeIndicator(ind.code, { label: fields.label.input.value, definition: fields.definition.input.value });
        draw(changed.item);
        return changed;
      },
      status,
    );
    details.append(h("h3", { class: "utrecht-heading-3", id: headingId }, t("catalogue.change", { label: ind.label })), form);
  }
  return details;
}

function caseTypeItem(type: CaseType, editable: boolean, status: HTMLElement): HTMLDetailsElement {
  const stateLabel = (key: string) => type.states.find((s) => s.key === key)?.label ?? key;
  const roleLabel = (r: string) => (hasText(`role.${r}`) ? textOf(`role.${r}`) : r);
  const states = h("div", null);
  const drawStates = (ty: CaseType) => {
    clear(states);
    states.append(
      h(
        "table",
        { class: "utrecht-table", "data-testid": `states-${ty.key}` },
        h("caption", { class: "utrecht-table__caption" }, t("catalogue.statesOf", { label: ty.label })),
        h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("catalogue.state")), th(t("catalogue.label")), th(t("catalogue.deadline")))),
        h(
          "tbody",
          { class: "utrecht-table__body" },
          ty.states.map((s) =>
            h(
              "tr",
              { class: "utrecht-table__row", "data-state": s.key },
              td(h("code", null, s.key)),
              td(s.label),
              td(s.final ? t("catalogue.final") : s.deadline_working_days === null ? t("catalogue.noDeadline") : t("catalogue.workingDays", { days: s.deadline_working_days })),
            ),
          ),
        ),
      ),
    );
  };
  drawStates(type);
  const transitions = h(
    "table",
    { class: "utrecht-table" },
    h("caption", { class: "utrecht-table__caption" }, t("catalogue.stepsOf", { label: type.label })),
    h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("catalogue.step")), th(t("catalogue.fromTo")), th(t("catalogue.roles")))),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      type.transitions.map((tr) =>
        h("tr", { class: "utrecht-table__row" }, td(tr.label), td(`${tr.from.map(stateLabel).join(", ")} → ${stateLabel(tr.to)}`), td(tr.roles.map(roleLabel).join(", "))),
      ),
    ),
  );
  const details = item(type.key, "case-type", `${type.label} (${type.key})`, states, transitions);
  if (editable) {
    for (const s of type.states) {
      const headingId = `edit-state-${type.key}-${s.key}`;
      const fields: Record<string, Field> = {
        label: field({ label: t("catalogue.label"), name: "label", value: s.label, required: true }),
      };
      if (!s.final)
        fields.deadline_working_days = field({
          label: t("catalogue.deadlineDays"),
          name: "deadline",
          type: "number",
          inputmode: "numeric",
          value: s.deadline_working_days === null ? "" : String(s.deadline_working_days),
          description: t("catalogue.deadlineHelp"),
        });
      const form = changeForm(
        headingId,
        fields,
        async () => {
          const days = fields.deadline_working_days?.input.value.trim();
          const change: { label: string; deadline_working_days?: number | string | null } = { label: fields.label.input.value };
          if (days !== undefined) change.deadline_working_days = days === "" ? null : /^-?\d+$/.test(days) ? Number(days) : days;
          const changed = await changeState(type.key, s.key, change);
          drawStates(changed.item);
          return changed;
        },
        status,
      );
      form.setAttribute("data-state-form", s.key);
      details.append(h("h3", { class: "utrecht-heading-3", id: headingId }, t("catalogue.changeState", { label: s.label })), form);
    }
  }
  return details;
}

registerScreen({
  path: "/beheer/catalogus",
  titleKey: "catalogue.title",
  hidden: true,
  allowed: (s) => may(s, "catalogue.edit"),
  async render(main, ctx) {
    const editing = may(ctx.session, "catalogue.edit");
    const [types, indicators, caseTypes] = await Promise.all([catalogueActivityTypes(), catalogueIndicators(), catalogueCaseTypes()]);
    const status = h("div", { "data-testid": "catalogue-status" });
    statusBox(status, caseTypes.catalogue);
    const editable = editing && caseTypes.catalogue.writable;
    main.append(
      h("p", { class: "utrecht-paragraph" }, h("a", { href: "/beheer", "data-nav": true, class: "utrecht-link" }, t("catalogue.back"))),
      h("h1", { class: "utrecht-heading-1" }, t("catalogue.title")),
      paragraph(t("catalogue.intro")),
      status,
      section(t("catalogue.activityTypes"), "catalogue-activity-types", ...types.items.map((ty) => activityTypeItem(ty, editable, status))),
      section(t("catalogue.indicators"), "catalogue-indicators", ...indicators.items.map((d) => indicatorItem(d, editable, status))),
      section(t("catalogue.caseTypes"), "catalogue-case-types", ...caseTypes.items.map((ct) => caseTypeItem(ct, editable, status))),
    );
    focusHeading(main);
  },
});
