// The person a registration is about: found by BSN (in the request body,
// never in a URL), or new, with what the person wants to give. Nothing is
// chosen until the user searched or asked for a new person: a form sent
// after a save does not register another, empty person.
import { ApiError, newId } from "../api/client";
import { createRecord, Person, searchPersons } from "../api/grip";
import { clear, h } from "../dom";
import { alertBox, field, validBsn } from "../form";
import { t } from "../i18n";
import { reasonText } from "../reasons";

type State = "none" | "found" | "new";

export interface PersonPicker {
  element: HTMLElement;
  // Checks what was typed; false (with the errors shown) when it is not enough.
  validate: () => boolean;
  // The person's id: the one found, or a new person stored now. Null when
  // the server refused the new person (its errors are shown).
  resolve: () => Promise<string | null>;
  reset: () => void;
  clearErrors: () => void;
  focus: () => void;
}

export function personPicker(): PersonPicker {
  let state: State = "none";
  let person: Person | null = null;
  const bsn = field({ label: t("registration.bsn"), name: "bsn", inputmode: "numeric", autocomplete: "off", description: t("registration.bsnHelp") });
  const searchButton = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t("registration.search"));
  const newButton = h("button", { type: "button", class: "utrecht-button utrecht-button--subtle" }, t("pickers.newPerson"));
  const found = h("div", { class: "grip-found", "aria-live": "polite" });
  const error = h("p", { class: "utrecht-form-field-error-message grip-error", hidden: true, id: `person-error-${Math.random().toString(36).slice(2)}` });
  const given = field({ label: t("registration.givenName"), name: "given_name", autocomplete: "off" });
  const family = field({ label: t("registration.familyName"), name: "family_name", autocomplete: "off" });
  const birthYear = field({ label: t("registration.birthYear"), name: "birth_year", type: "number", inputmode: "numeric", attrs: { min: "1900", max: "2100" } });
  const nationality = field({ label: t("registration.nationality"), name: "nationality", description: t("registration.nationalityHelp"), autocomplete: "off" });
  const newPerson = h(
    "div",
    { class: "grip-new-person", hidden: true },
    h("p", { class: "utrecht-paragraph grip-muted" }, t("registration.newPersonHelp")),
    given.wrapper,
    family.wrapper,
    birthYear.wrapper,
    nationality.wrapper,
  );
  const fields = [bsn, given, family, birthYear, nationality];

  const setError = (m: string | null) => {
    error.textContent = m ?? "";
    error.hidden = !m;
  };
  const show = (next: State, p: Person | null, searched: boolean) => {
    state = next;
    person = p;
    clear(found);
    newPerson.hidden = next !== "new";
    setError(null);
    if (p) {
      const name = [p.given_name, p.family_name].filter(Boolean).join(" ") || t("registration.noName");
      found.append(
        alertBox("ok", t("registration.found", { name, year: p.birth_year ?? "?" })),
        h("button", { type: "button", class: "utrecht-button utrecht-button--subtle", onclick: () => { show("new", null, false); given.input.focus(); } }, t("registration.otherPerson")),
      );
    } else if (searched) {
      found.append(alertBox("info", t("registration.notFound")));
    }
  };
  const search = async () => {
    const value = bsn.input.value.replace(/\s/g, "");
    bsn.setError(null);
    if (!validBsn(value)) {
      bsn.setError(t("reason.bsn"));
      bsn.input.focus();
      return;
    }
    try {
      const items = await searchPersons(value);
      if (items[0]) show("found", items[0], true);
      else {
        show("new", null, true);
        given.input.focus();
      }
    } catch (e) {
      if (e instanceof ApiError && e.problem.invalid_params?.length) bsn.setError(reasonText(e.problem.invalid_params[0].reason));
      else found.replaceChildren(alertBox("error", t("app.failed")));
    }
  };
  searchButton.addEventListener("click", () => void search());
  newButton.addEventListener("click", () => {
    bsn.input.value = "";
    show("new", null, false);
    given.input.focus();
  });
  bsn.input.addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") {
      e.preventDefault();
      void search();
    }
  });
  bsn.input.addEventListener("input", () => {
    // Another BSN: what was found or started belongs to the previous one.
    if (state !== "none") show("none", null, false);
  });

  const element = h(
    "fieldset",
    { class: "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset grip-fieldset", "data-testid": "person-picker" },
    h("legend", { class: "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" }, t("registration.person")),
    error,
    h("div", { class: "grip-inline" }, bsn.wrapper, searchButton),
    newButton,
    found,
    newPerson,
  );

  const validate = (): boolean => {
    if (state === "found") return true;
    if (state === "none") {
      setError(t("pickers.personMissing"));
      bsn.input.focus();
      return false;
    }
    let ok = true;
    const bsnValue = bsn.input.value.replace(/\s/g, "");
    if (bsnValue && !validBsn(bsnValue)) {
      bsn.setError(t("reason.bsn"));
      ok = false;
    }
    const year = birthYear.input.value.trim();
    if (year && !(/^\d{4}$/.test(year) && Number(year) >= 1900 && Number(year) <= new Date().getFullYear())) {
      birthYear.setError(t("registration.birthYearInvalid"));
      ok = false;
    }
    const nat = nationality.input.value.trim();
    if (nat && !/^[A-Za-z]{2}$/.test(nat)) {
      nationality.setError(t("reason.country"));
      ok = false;
    }
    return ok;
  };

  const resolve = async (): Promise<string | null> => {
    if (state === "found" && person) return person.id;
    const record: Record<string, unknown> = { id: newId("P-WEB") };
    const bsnValue = bsn.input.value.replace(/\s/g, "");
    if (bsnValue) record.bsn = bsnValue;
    if (given.input.value.trim()) record.given_name = given.input.value.trim();
    if (family.input.value.trim()) record.family_name = family.input.value.trim();
    if (birthYear.input.value.trim()) record.birth_year = Number(birthYear.input.value.trim());
    if (nationality.input.value.trim()) record.nationality = nationality.input.value.trim().toUpperCase();
    try {
      await createRecord("person", record);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const map: Record<string, typeof bsn> = { bsn, given_name: given, family_name: family, birth_year: birthYear, nationality };
        for (const p of e.problem.invalid_params ?? []) (map[p.name] ?? bsn).setError(reasonText(p.reason));
        return null;
      }
      throw e;
    }
    // Stored: the next attempt (if the activity is refused) uses this person.
    show("found", record as unknown as Person, false);
    return record.id as string;
  };

  return {
    element,
    validate,
    resolve,
    reset: () => {
      for (const f of fields) {
        f.input.value = "";
        f.setError(null);
      }
      show("none", null, false);
    },
    clearErrors: () => {
      for (const f of fields) f.setError(null);
      setError(null);
    },
    focus: () => bsn.input.focus(),
  };
}
