// The address a registration is about, as people know it: postcode and
// house number (with a letter or addition), searched in what Grip holds
// (in the request body, never in a URL). Not there: a role that registers
// addresses adds it, with street and place; its buurt is filled in from
// the addresses Grip holds with the same postcode, else chosen from the list.
import { ApiError, newId } from "../api/client";
import { Address, Area, areas, areasOfPostcode, createRecord, searchAddresses } from "../api/grip";
import { clear, h } from "../dom";
import { alertBox, field } from "../form";
import { t } from "../i18n";
import { reasonText } from "../reasons";
import { listPicker } from "./list_picker";

export interface AddressPicker {
  element: HTMLElement;
  validate: () => boolean;
  resolve: () => Promise<string | null>;
  reset: () => void;
  clearErrors: () => void;
  focus: () => void;
}

export function addressLine(a: Address, areaName?: (code: string) => string): string {
  const number = `${a.house_number ?? ""}${a.suffix ? ` ${a.suffix}` : ""}`;
  const street = a.street ? `${a.street} ${number}` : `${t("pickers.number")} ${number}`;
  const place = [a.postcode, a.city].filter(Boolean).join(" ");
  const area = a.area ? ` (${areaName ? areaName(a.area) : a.area})` : "";
  return `${street}, ${place}${area}`;
}

export function normalPostcode(value: string): string | null {
  const m = /^\s*([1-9]\d{3})\s*([a-zA-Z]{2})\s*$/.exec(value);
  return m ? `${m[1]} ${m[2].toUpperCase()}` : null;
}

export async function addressPicker(mayAdd: boolean): Promise<AddressPicker> {
  const allAreas: Area[] = await areas().catch(() => []);
  const buurten = allAreas.filter((a) => a.level === "buurt");
  const areaName = (code: string) => allAreas.find((a) => a.code === code)?.name ?? code;
  type State = "none" | "found" | "new";
  let state: State = "none";
  let chosen: string | null = null;

  const postcode = field({ label: t("pickers.postcode"), name: "postcode", autocomplete: "off", description: t("pickers.postcodeHelp") });
  const number = field({ label: t("pickers.houseNumber"), name: "house_number", type: "number", inputmode: "numeric", autocomplete: "off", attrs: { min: "1" } });
  const suffix = field({ label: t("pickers.suffix"), name: "suffix", autocomplete: "off" });
  const searchButton = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t("pickers.searchAddress"));
  const results = h("div", { class: "grip-found", "aria-live": "polite" });
  const error = h("p", { class: "utrecht-form-field-error-message grip-error", hidden: true });
  const street = field({ label: t("pickers.street"), name: "street", autocomplete: "off" });
  const city = field({ label: t("pickers.city"), name: "city", autocomplete: "off" });
  const buurt = listPicker({ label: t("pickers.buurt"), name: "address-area", options: buurten.map((b) => ({ value: b.code, label: b.name })), required: true });
  const buurtNote = h("p", { class: "utrecht-form-field-description", "aria-live": "polite" });
  const newAddress = h(
    "div",
    { class: "grip-new-address", hidden: true, "data-testid": "new-address" },
    h("p", { class: "utrecht-paragraph grip-muted" }, t("pickers.newAddressHelp")),
    street.wrapper,
    city.wrapper,
    buurt.element,
    buurtNote,
  );
  const setError = (m: string | null) => {
    error.textContent = m ?? "";
    error.hidden = !m;
  };

  const startNew = async (pc: string) => {
    state = "new";
    chosen = null;
    newAddress.hidden = false;
    buurtNote.textContent = "";
    try {
      const known = await areasOfPostcode(pc);
      if (known[0]) {
        buurt.set(known[0]);
        buurtNote.textContent = t("pickers.buurtFromPostcode", { buurt: areaName(known[0]) });
      }
    } catch {
      /* the buurt is chosen from the list */
    }
    street.input.focus();
  };

  const search = async () => {
    setError(null);
    postcode.setError(null);
    number.setError(null);
    const pc = normalPostcode(postcode.input.value);
    const n = Number(number.input.value);
    let ok = true;
    if (!pc) {
      postcode.setError(t("reason.postcode"));
      ok = false;
    }
    if (!Number.isInteger(n) || n < 1 || n > 99999) {
      number.setError(t("pickers.houseNumberInvalid"));
      ok = false;
    }
    if (!ok) return;
    clear(results);
    newAddress.hidden = true;
    state = "none";
    chosen = null;
    let items: Address[];
    try {
      items = await searchAddresses(pc!, n, suffix.input.value.trim());
    } catch (e) {
      results.append(alertBox("error", e instanceof ApiError && e.status === 403 ? t("app.notAllowed") : t("app.failed")));
      return;
    }
    if (items.length) {
      state = "found";
      chosen = items[0].id;
      const choices = items.map((a, i) => {
        const id = `address-choice-${a.id}`;
        const input = h("input", { type: "radio", name: "address-choice", id, value: a.id, checked: i === 0, class: "utrecht-radio-button utrecht-radio-button--html-input" });
        input.addEventListener("change", () => (chosen = a.id));
        return h("div", { class: "utrecht-form-field utrecht-form-field--radio grip-choice" },
          h("div", { class: "utrecht-form-field__input" }, input),
          h("div", { class: "utrecht-form-field__label" }, h("label", { for: id, class: "utrecht-form-label utrecht-form-label--radio" }, addressLine(a, areaName))));
      });
      results.append(alertBox("ok", t("pickers.addressFound", { n: items.length })), h("div", { class: "grip-choices" }, choices));
      return;
    }
    if (mayAdd) {
      results.append(alertBox("info", t("pickers.addressNotFoundAdd")));
      await startNew(pc!);
    } else {
      results.append(alertBox("info", t("pickers.addressNotFound")));
    }
  };
  searchButton.addEventListener("click", () => void search());
  for (const f of [postcode, number, suffix])
    f.input.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter") {
        e.preventDefault();
        void search();
      }
    });

  const element = h(
    "fieldset",
    { class: "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset grip-fieldset", "data-testid": "address-picker" },
    h("legend", { class: "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" }, t("pickers.address")),
    error,
    h("div", { class: "grip-inline" }, postcode.wrapper, number.wrapper, suffix.wrapper, searchButton),
    results,
    newAddress,
  );

  const validate = () => {
    if (state === "found" && chosen) return true;
    if (state === "new") {
      if (!buurt.value()) {
        buurt.setError(t("pickers.buurtMissing"));
        return false;
      }
      return true;
    }
    setError(t("pickers.addressMissing"));
    postcode.input.focus();
    return false;
  };

  const resolve = async (): Promise<string | null> => {
    if (state === "found" && chosen) return chosen;
    const record: Record<string, unknown> = {
      id: newId("ADR-WEB"),
      postcode: normalPostcode(postcode.input.value),
      house_number: Number(number.input.value),
      area: buurt.value(),
    };
    if (suffix.input.value.trim()) record.suffix = suffix.input.value.trim();
    if (street.input.value.trim()) record.street = street.input.value.trim();
    if (city.input.value.trim()) record.city = city.input.value.trim();
    try {
      await createRecord("address", record);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const map: Record<string, { setError: (m: string | null) => void }> = { postcode, house_number: number, suffix, street, city, area: buurt };
        for (const p of e.problem.invalid_params ?? []) (map[p.name] ?? { setError }).setError(reasonText(p.reason));
        return null;
      }
      throw e;
    }
    state = "found";
    chosen = record.id as string;
    newAddress.hidden = true;
    results.replaceChildren(alertBox("ok", t("pickers.addressAdded", { address: addressLine(record as unknown as Address, areaName) })));
    return chosen;
  };

  return {
    element,
    validate,
    resolve,
    reset: () => {
      for (const f of [postcode, number, suffix, street, city]) {
        f.input.value = "";
        f.setError(null);
      }
      buurt.set("");
      clear(results);
      newAddress.hidden = true;
      state = "none";
      chosen = null;
      setError(null);
    },
    clearErrors: () => {
      for (const f of [postcode, number, suffix, street, city]) f.setError(null);
      buurt.setError(null);
      setError(null);
    },
    focus: () => postcode.input.focus(),
  };
}
