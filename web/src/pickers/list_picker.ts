// A choice from a list that Grip holds (locations, organisations, buurten,
// activities), never a typed id: a select with, for a long list, a search
// box above it that narrows the options as one types.
import { h, uid } from "../dom";
import { field } from "../form";
import { t } from "../i18n";

export interface Option {
  value: string;
  label: string;
}

export interface Picker {
  element: HTMLElement;
  value: () => string;
  set: (value: string) => void;
  setError: (message: string | null) => void;
  focus: () => void;
  select: HTMLSelectElement;
}

// Lists longer than this get a search box.
const searchFrom = 8;

export function listPicker(o: { label: string; name: string; options: Option[]; required?: boolean; value?: string; description?: string }): Picker {
  const empty: Option = { value: "", label: o.required ? t("pickers.choose") : t("pickers.none") };
  const f = field({ label: o.label, name: o.name, options: [empty, ...o.options], value: o.value ?? "", required: o.required, description: o.description });
  const select = f.input as HTMLSelectElement;
  let chosen = o.value ?? "";
  select.addEventListener("change", () => (chosen = select.value));
  const fill = (query: string) => {
    const q = query.trim().toLowerCase();
    const shown = o.options.filter((opt) => !q || opt.label.toLowerCase().includes(q) || opt.value === chosen);
    select.replaceChildren(...[empty, ...shown].map((opt) => h("option", { value: opt.value, selected: opt.value === chosen }, opt.label)));
    // One match: chosen at once, so that Enter in the search box is enough.
    if (q && shown.length === 1) {
      chosen = shown[0].value;
      select.value = chosen;
    }
  };
  let element: HTMLElement = f.wrapper;
  if (o.options.length > searchFrom) {
    const searchId = uid(`${o.name}-search`);
    const search = h("input", {
      id: searchId,
      type: "search",
      class: "utrecht-textbox utrecht-textbox--html-input grip-picker__search",
      autocomplete: "off",
      "aria-controls": select.id,
    });
    search.addEventListener("input", () => fill(search.value));
    search.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter") e.preventDefault();
    });
    element = h(
      "div",
      { class: "grip-picker" },
      h(
        "div",
        { class: "utrecht-form-field utrecht-form-field--text grip-picker__filter" },
        h("div", { class: "utrecht-form-field__label" }, h("label", { for: searchId, class: "utrecht-form-label" }, t("pickers.search", { what: o.label.toLowerCase() }))),
        h("div", { class: "utrecht-form-field__input" }, search),
      ),
      f.wrapper,
    );
  }
  return {
    element,
    select,
    value: () => select.value,
    set: (value: string) => {
      chosen = value;
      fill("");
      select.value = value;
    },
    setError: f.setError,
    focus: () => select.focus(),
  };
}
