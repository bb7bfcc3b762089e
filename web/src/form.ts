// Form fields in the markup of the NL Design System (Utrecht components),
// each with its label, an optional description and its error message next
// to it (aria-describedby, aria-invalid).
import { h, uid } from "./dom";

export interface Field {
  wrapper: HTMLDivElement;
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  setError: (message: string | null) => void;
}

interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  value?: string;
  description?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  options?: { value: string; label: string }[];
  textarea?: boolean;
  rows?: number;
  attrs?: Record<string, string>;
}

export function field(o: FieldOptions): Field {
  const id = uid(o.name);
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  let input: Field["input"];
  const common = { id, name: o.name, required: o.required ?? false, ...(o.attrs ?? {}) };
  if (o.options) {
    input = h(
      "select",
      { ...common, class: "utrecht-select utrecht-select--html-select" },
      o.options.map((opt) => h("option", { value: opt.value, selected: opt.value === o.value }, opt.label)),
    );
  } else if (o.textarea) {
    input = h("textarea", { ...common, class: "utrecht-textarea utrecht-textarea--html-textarea", rows: o.rows ?? 6 });
    input.value = o.value ?? "";
  } else {
    input = h("input", {
      ...common,
      type: o.type ?? "text",
      class: "utrecht-textbox utrecht-textbox--html-input",
      value: o.value ?? "",
      autocomplete: o.autocomplete ?? null,
      inputmode: o.inputmode ?? null,
    });
  }
  const error = h("p", { id: errorId, class: "utrecht-form-field-error-message grip-error", hidden: true });
  const description = o.description
    ? h("p", { id: descriptionId, class: "utrecht-form-field-description" }, o.description)
    : null;
  const describedBy = () => [description ? descriptionId : "", error.hidden ? "" : errorId].filter(Boolean).join(" ");
  const update = () => {
    const d = describedBy();
    if (d) input.setAttribute("aria-describedby", d);
    else input.removeAttribute("aria-describedby");
  };
  update();
  const wrapper = h(
    "div",
    { class: "utrecht-form-field utrecht-form-field--text" },
    h("div", { class: "utrecht-form-field__label" }, h("label", { for: id, class: "utrecht-form-label" }, o.label)),
    description,
    error,
    h("div", { class: "utrecht-form-field__input" }, input),
  );
  const setError = (message: string | null) => {
    error.textContent = message ?? "";
    error.hidden = !message;
    wrapper.classList.toggle("utrecht-form-field--invalid", Boolean(message));
    input.classList.toggle("utrecht-textbox--invalid", Boolean(message));
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    update();
  };
  return { wrapper, input, setError };
}

// A form in the house style: its fields, a live area for its messages and
// a submit button.
export function formOf(
  attrs: Record<string, string>,
  fields: Node[],
  submitText: string,
): { form: HTMLFormElement; message: HTMLDivElement; submit: HTMLButtonElement } {
  const message = h("div", { class: "grip-form-message", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, submitText);
  const form = h("form", { class: "grip-form", novalidate: true, ...attrs }, ...fields, message, submit);
  return { form, message, submit };
}

export function button(text: string, attrs: Record<string, string | boolean | EventListener> = {}, primary = true): HTMLButtonElement {
  return h(
    "button",
    { type: "submit", class: `utrecht-button ${primary ? "utrecht-button--primary-action" : "utrecht-button--secondary-action"}`, ...attrs },
    text,
  );
}

export function alertBox(kind: "error" | "ok" | "info" | "warning", ...content: (Node | string)[]): HTMLDivElement {
  return h(
    "div",
    { class: `utrecht-alert utrecht-alert--${kind}`, role: kind === "error" ? "alert" : "status" },
    h("div", { class: "utrecht-alert__content" }, ...content.map((c) => (typeof c === "string" ? h("p", { class: "utrecht-paragraph" }, c) : c))),
  );
}

// The eleven test of a BSN.
export function validBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}
