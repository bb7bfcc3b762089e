// Registration at the desk: a visit to an information point, DigiD help or
// a course enrolment in a few keystrokes, keyboard only, without a page
// reload. The person is found by BSN (in the request body, never in a URL)
// or made new; the activity is stored at once and counts in the figures
// from that moment.
import { ApiError } from "../api/client";
import { ActivityType, catalogue, createRecord, location, Location, Person, searchPersons } from "../api/grip";
import { AttributeInput, attributeInput, choiceGroup } from "../attributes";
import { focusHeading, registerScreen } from "../app";
import { newId } from "../api/client";
import { clear, h } from "../dom";
import { alertBox, field, validBsn } from "../form";
import { t } from "../i18n";
import { reasonText } from "../reasons";

export const deskTypes = ["infopunt_bezoek", "digid_hulp", "cursus_inschrijving"];

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

registerScreen({
  path: "/registratie",
  titleKey: "registration.title",
  // Desk staff: a role that registers persons and activities, working at a location.
  allowed: (s) => s.personal_data && s.write.includes("activity") && s.write.includes("person") && s.locations.length > 0,
  async render(main, ctx) {
    const s = ctx.session;
    const cat = await catalogue();
    const types = deskTypes.map((code) => cat.activity_types.find((a) => a.code === code)).filter(Boolean) as ActivityType[];
    const own: Location[] = await Promise.all(
      s.locations.map((id) => location(id).catch(() => ({ kind: "location", id, type: "", name: id }) as Location)),
    );

    const status = h("div", { class: "grip-form-message", "aria-live": "polite" });
    const typeGroup = choiceGroup("type", t("registration.type"), "radio", types.map((ty) => ({ code: ty.code, label: ty.label })), [types[0]?.code ?? ""]);
    const date = field({ label: t("registration.date"), name: "date", type: "date", value: today(), required: true });
    const place = field({
      label: t("registration.location"),
      name: "location",
      options: own.map((l) => ({ value: l.id, label: l.name })),
      required: true,
    });

    // The person: found by BSN, or new.
    const bsn = field({ label: t("registration.bsn"), name: "bsn", inputmode: "numeric", autocomplete: "off", description: t("registration.bsnHelp") });
    const searchButton = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t("registration.search"));
    const found = h("div", { class: "grip-found", "aria-live": "polite" });
    const given = field({ label: t("registration.givenName"), name: "given_name", autocomplete: "off" });
    const family = field({ label: t("registration.familyName"), name: "family_name", autocomplete: "off" });
    const birthYear = field({ label: t("registration.birthYear"), name: "birth_year", type: "number", inputmode: "numeric", attrs: { min: "1900", max: "2100" } });
    const nationality = field({ label: t("registration.nationality"), name: "nationality", description: t("registration.nationalityHelp"), autocomplete: "off" });
    const newPerson = h("div", { class: "grip-new-person" }, h("p", { class: "utrecht-paragraph grip-muted" }, t("registration.newPersonHelp")), given.wrapper, family.wrapper, birthYear.wrapper, nationality.wrapper);
    let person: Person | null = null;

    const showFound = (p: Person | null, searched: boolean) => {
      person = p;
      clear(found);
      newPerson.hidden = Boolean(p);
      if (p) {
        const name = [p.given_name, p.family_name].filter(Boolean).join(" ") || t("registration.noName");
        found.append(
          alertBox("ok", t("registration.found", { name, year: p.birth_year ?? "?" })),
          h("button", { type: "button", class: "utrecht-button utrecht-button--subtle", onclick: () => { showFound(null, false); given.input.focus(); } }, t("registration.otherPerson")),
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
        showFound(items[0] ?? null, true);
        if (!items[0]) given.input.focus();
      } catch (e) {
        if (e instanceof ApiError && e.problem.invalid_params?.length) bsn.setError(reasonText(e.problem.invalid_params[0].reason));
        else found.replaceChildren(alertBox("error", t("app.failed")));
      }
    };
    searchButton.addEventListener("click", () => void search());
    bsn.input.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter") {
        e.preventDefault();
        void search();
      }
    });

    const attrsBox = h("div", { class: "grip-attributes" });
    let attrInputs: Map<string, AttributeInput> = new Map();
    const showAttributes = () => {
      clear(attrsBox);
      attrInputs = new Map();
      const type = types.find((ty) => ty.code === typeGroup.selected()[0]);
      for (const attr of type?.attributes ?? []) {
        const input = attributeInput(attr);
        attrInputs.set(attr.name, input);
        attrsBox.append(input.element);
      }
    };
    typeGroup.fieldset.addEventListener("change", showAttributes);
    showAttributes();

    const submit = h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("registration.submit"));
    const form = h(
      "form",
      { class: "grip-form", novalidate: true, "aria-describedby": "registration-intro" },
      typeGroup.fieldset,
      date.wrapper,
      place.wrapper,
      h(
        "fieldset",
        { class: "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset grip-fieldset" },
        h("legend", { class: "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" }, t("registration.person")),
        h("div", { class: "grip-inline" }, bsn.wrapper, searchButton),
        found,
        newPerson,
      ),
      attrsBox,
      status,
      submit,
    );

    const clearErrors = () => {
      for (const f of [date, place, bsn, given, family, birthYear, nationality]) f.setError(null);
      typeGroup.setError(null);
      for (const a of attrInputs.values()) a.setError(null);
    };

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors();
      status.replaceChildren();
      const type = typeGroup.selected()[0];
      let firstBad: (() => void) | null = null;
      const bad = (fn: () => void) => (firstBad ??= fn);
      if (!type) { typeGroup.setError(t("reason.required")); bad(typeGroup.focus); }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date.input.value)) { date.setError(t("reason.date")); bad(() => date.input.focus()); }
      if (!place.input.value) { place.setError(t("registration.locationMissing")); bad(() => place.input.focus()); }
      const bsnValue = bsn.input.value.replace(/\s/g, "");
      if (!person) {
        if (bsnValue && !validBsn(bsnValue)) { bsn.setError(t("reason.bsn")); bad(() => bsn.input.focus()); }
        const year = birthYear.input.value.trim();
        if (year && !(/^\d{4}$/.test(year) && Number(year) >= 1900 && Number(year) <= new Date().getFullYear())) {
          birthYear.setError(t("registration.birthYearInvalid"));
          bad(() => birthYear.input.focus());
        }
        const nat = nationality.input.value.trim();
        if (nat && !/^[A-Za-z]{2}$/.test(nat)) { nationality.setError(t("reason.country")); bad(() => nationality.input.focus()); }
      }
      if (firstBad) {
        (firstBad as () => void)();
        return;
      }
      submit.disabled = true;
      try {
        let personId = person?.id;
        if (!personId) {
          const record: Record<string, unknown> = { id: newId("P-WEB") };
          if (bsnValue) record.bsn = bsnValue;
          if (given.input.value.trim()) record.given_name = given.input.value.trim();
          if (family.input.value.trim()) record.family_name = family.input.value.trim();
          if (birthYear.input.value.trim()) record.birth_year = Number(birthYear.input.value.trim());
          if (nationality.input.value.trim()) record.nationality = nationality.input.value.trim().toUpperCase();
          try {
            await createRecord("person", record);
          } catch (e) {
            if (e instanceof ApiError && e.status === 400) {
              const map: Record<string, ReturnType<typeof field>> = { bsn, given_name: given, family_name: family, birth_year: birthYear, nationality };
              showInvalid(e, map, new Map(), status);
              return;
            }
            throw e;
          }
          personId = record.id as string;
        }
        const attributes: Record<string, unknown> = {};
        for (const [name, input] of attrInputs) {
          const v = input.read();
          if (v !== undefined) attributes[name] = v;
        }
        const activity: Record<string, unknown> = {
          id: newId("A-WEB"),
          type,
          date: date.input.value,
          person: personId,
          location: place.input.value,
        };
        if (s.organisation) activity.organisation = s.organisation;
        if (Object.keys(attributes).length) activity.attributes = attributes;
        try {
          await createRecord("activity", activity);
        } catch (e) {
          if (e instanceof ApiError && e.status === 400) {
            showInvalid(e, { date, location: place }, attrInputs, status);
            return;
          }
          throw e;
        }
        const typeLabel = types.find((ty) => ty.code === type)?.label ?? type;
        status.replaceChildren(alertBox("ok", t("registration.saved", { type: typeLabel, date: date.input.value })));
        // Ready for the next person at the desk.
        bsn.input.value = "";
        for (const f of [given, family, birthYear, nationality]) f.input.value = "";
        showFound(null, false);
        showAttributes();
        bsn.input.focus();
      } catch (e) {
        status.replaceChildren(alertBox("error", e instanceof ApiError && e.status === 403 ? t("app.notAllowed") : t("app.failed")));
      } finally {
        submit.disabled = false;
      }
    });

    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("registration.title")),
      h("p", { class: "utrecht-paragraph", id: "registration-intro" }, t("registration.intro")),
      own.length ? form : alertBox("warning", t("registration.noLocations")),
    );
    focusHeading(main);
  },
});

function showInvalid(
  e: ApiError,
  fields: Record<string, { setError: (m: string | null) => void }>,
  attrs: Map<string, AttributeInput>,
  status: HTMLElement,
): void {
  const rest: string[] = [];
  for (const p of e.problem.invalid_params ?? []) {
    const name = p.name.replace(/^attributes\./, "");
    const target = fields[p.name] ?? attrs.get(name);
    if (target) target.setError(reasonText(p.reason));
    else rest.push(`${p.name}: ${reasonText(p.reason)}`);
  }
  status.replaceChildren(alertBox("error", t("registration.invalid"), ...rest));
}
