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

export function attributeInput(attr: Attribute): AttributeInput {
  const label = attr.label ?? attr.name;
  if (attr.values && attr.values.length) {
    const group = choiceGroup(`attr-${attr.name}`, label, attr.type === "list" ? "checkbox" : "radio", attr.values, []);
    return {
      element: group.fieldset,
      read: () => {
        const s = group.selected();
        if (attr.type === "list") return s.length ? s : undefined;
        return s[0];
      },
      setError: group.setError,
      focus: group.focus,
    };
  }
  if (attr.type === "bool") {
    const group = choiceGroup(`attr-${attr.name}`, label, "radio", [
      { code: "true", label: t("common.yes") },
      { code: "false", label: t("common.no") },
    ], []);
    return { element: group.fieldset, read: () => (group.selected()[0] === undefined ? undefined : group.selected()[0] === "true"), setError: group.setError, focus: group.focus };
  }
  const f = field({ label, name: `attr-${attr.name}`, type: attr.type === "int" ? "number" : "text" });
  return {
    element: f.wrapper,
    read: () => {
      const v = f.input.value.trim();
      if (!v) return undefined;
      return attr.type === "int" ? Number(v) : v;
    },
    setError: f.setError,
    focus: () => f.input.focus(),
  };
}
