// The attributes of an activity type from the catalogue as form inputs: a
// choice of the type's values (radio buttons, or check boxes for a list),
// yes or no, a number or text; each with its error next to it. The desk and
// the case page register activities with them.
import { Attribute } from "./api/grip";
import { h, uid } from "./dom";
import { field } from "./form";
import { t } from "./i18n";

export interface AttributeInput {
  element: HTMLElement;
  read: () => unknown;
  setError: (message: string | null) => void;
  focus: () => void;
  // Whether the form asks for it (the catalogue's `required`), and what it says when it is missing.
  required?: boolean;
  missing?: () => string;
}

export function choiceGroup(name: string, legend: string, kind: "radio" | "checkbox", values: { code: string; label: string }[], checked: string[]): {
  fieldset: HTMLFieldSetElement;
  selected: () => string[];
  setError: (m: string | null) => void;
  focus: () => void;
} {
  const errorId = uid(`${name}-error`);
  const error = h("p", { id: errorId, class: "utrecht-form-field-error-message grip-error", hidden: true });
  const inputs = values.map((v) => {
    const id = uid(name);
    const input = h("input", {
      type: kind,
      id,
      name,
      value: v.code,
      class: kind === "radio" ? "utrecht-radio-button utrecht-radio-button--html-input" : "utrecht-checkbox utrecht-checkbox--html-input",
      checked: checked.includes(v.code),
    });
    return {
      input,
      row: h(
        "div",
        { class: `utrecht-form-field utrecht-form-field--${kind === "radio" ? "radio" : "checkbox"} grip-choice` },
        h("div", { class: "utrecht-form-field__input" }, input),
        h("div", { class: "utrecht-form-field__label" }, h("label", { for: id, class: "utrecht-form-label utrecht-form-label--" + (kind === "radio" ? "radio" : "checkbox") }, v.label)),
      ),
    };
  });
  const fieldset = h(
    "fieldset",
    { class: "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset grip-fieldset" },
    h("legend", { class: "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" }, legend),
    error,
    h("div", { class: `grip-choices grip-choices--${kind}` }, inputs.map((i) => i.row)),
  );
  return {
    fieldset,
    selected: () => inputs.filter((i) => i.input.checked).map((i) => i.input.value),
    setError: (m) => {
      error.textContent = m ?? "";
      error.hidden = !m;
      fieldset.classList.toggle("utrecht-form-fieldset--invalid", Boolean(m));
      for (const i of inputs) {
        if (m) {
          i.input.setAttribute("aria-describedby", errorId);
          i.input.setAttribute("aria-invalid", "true");
        } else {
          i.input.removeAttribute("aria-describedby");
          i.input.removeAttribute("aria-invalid");
        }
      }
    },
    focus: () => inputs[0]?.input.focus(),
  };
}

// The input of one attribute, with its stored value when a registration is
// corrected. A list without fixed values is a text box of one item per line,
// sent as a list. `required` (catalogue data) is the form's: the server takes
// a record without it, as it always did.
export function attributeInput(attr: Attribute, value?: unknown): AttributeInput {
  const label = attr.label ?? attr.name;
  const missing = () => (attr.values?.length ? t("reason.chooseOne", { values: attr.values.map((v) => v.label).join(", ") }) : t("reason.required"));
  const withRequired = (input: AttributeInput): AttributeInput => ({ ...input, required: Boolean(attr.required), missing });
  if (attr.values && attr.values.length) {
    const checked = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
    const group = choiceGroup(`attr-${attr.name}`, label, attr.type === "list" ? "checkbox" : "radio", attr.values, checked);
    return withRequired({
      element: group.fieldset,
      read: () => {
        const s = group.selected();
        if (attr.type === "list") return s.length ? s : undefined;
        return s[0];
      },
      setError: group.setError,
      focus: group.focus,
    });
  }
  if (attr.type === "bool") {
    const group = choiceGroup(`attr-${attr.name}`, label, "radio", [
      { code: "true", label: t("common.yes") },
      { code: "false", label: t("common.no") },
    ], value === undefined ? [] : [String(value)]);
    return withRequired({ element: group.fieldset, read: () => (group.selected()[0] === undefined ? undefined : group.selected()[0] === "true"), setError: group.setError, focus: group.focus });
  }
  if (attr.type === "list") {
    const f = field({ label, name: `attr-${attr.name}`, textarea: true, rows: 3, description: t("forms.listHelp"), value: Array.isArray(value) ? value.join("\n") : "" });
    return withRequired({
      element: f.wrapper,
      read: () => {
        const items = f.input.value.split("\n").map((line) => line.trim()).filter(Boolean);
        return items.length ? items : undefined;
      },
      setError: f.setError,
      focus: () => f.input.focus(),
    });
  }
  const numeric = attr.type === "int" || attr.type === "number";
  const f = field({
    label,
    name: `attr-${attr.name}`,
    type: numeric ? "number" : attr.type === "date" ? "date" : "text",
    value: value === undefined || value === null ? "" : String(value),
    description: attr.type === "country" ? t("registration.nationalityHelp") : undefined,
    attrs: attr.type === "number" ? { step: "any" } : undefined,
  });
  return withRequired({
    element: f.wrapper,
    read: () => {
      const v = f.input.value.trim();
      if (!v) return undefined;
      if (numeric) return Number(v);
      return attr.type === "country" ? v.toUpperCase() : v;
    },
    setError: f.setError,
    focus: () => f.input.focus(),
  });
}
