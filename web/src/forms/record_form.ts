// The registration form of one activity type, aggregate type or the
// milestone, built from its definition in the catalogue: the links it has
// (location, organisation, area, count, person, address, parent activity),
// chosen from lists or found as people know them, never typed as ids; its
// attributes with their values' labels; what the catalogue requires. The
// same form corrects a stored record (PUT) with its values filled in.
import { ApiError, newId, Session } from "../api/client";
import { areas, catalogue, createRecord, location, locations, organisations, recordsPage, replaceRecord, StoredRecord } from "../api/grip";
import { AttributeInput, attributeInput } from "../attributes";
import { h } from "../dom";
import { alertBox, field, Field } from "../form";
import { t, textOf } from "../i18n";
import { reasonText } from "../reasons";
import { addressPicker, AddressPicker } from "../pickers/address_picker";
import { listPicker, Option, Picker } from "../pickers/list_picker";
import { personPicker, PersonPicker } from "../pickers/person_picker";
import { FormSpec, linkOrder, needsOwnLocation, requiredLink } from "./catalogue_forms";

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function currentQuarter(): string {
  const d = new Date();
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

// The lists the pickers choose from, read once per screen.
export class Lists {
  private cache = new Map<string, Promise<Option[]>>();
  constructor(private readonly s: Session) {}

  private once(key: string, load: () => Promise<Option[]>): Promise<Option[]> {
    let p = this.cache.get(key);
    if (!p) {
      p = load().catch(() => []);
      this.cache.set(key, p);
    }
    return p;
  }

  // The user's own locations when they work at some (an own-scope user
  // registers there), else every location.
  locations(): Promise<Option[]> {
    return this.once("locations", async () => {
      if (this.s.scope === "own" && this.s.locations.length) {
        const own = await Promise.all(this.s.locations.map((id) => location(id).catch(() => ({ id, name: id }))));
        return own.map((l) => ({ value: l.id, label: l.name }));
      }
      return (await locations()).map((l) => ({ value: l.id, label: l.name })).sort((a, b) => a.label.localeCompare(b.label, "nl"));
    });
  }

  organisations(): Promise<Option[]> {
    return this.once("organisations", async () =>
      (await organisations()).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label, "nl")),
    );
  }

  organisationName(id: string): Promise<string> {
    return this.organisations().then((all) => all.find((o) => o.value === id)?.label ?? id);
  }

  areas(): Promise<Option[]> {
    return this.once("areas", async () => {
      const levelOrder = { gemeente: 0, wijk: 1, buurt: 2 } as Record<string, number>;
      return (await areas())
        .slice()
        .sort((a, b) => levelOrder[a.level] - levelOrder[b.level] || a.name.localeCompare(b.name, "nl"))
        .map((a) => ({ value: a.code, label: `${a.name} (${t(`pickers.level.${a.level}`)})` }));
    });
  }

  // The activities the user may see (their own, for an own-scope user), the latest first.
  activities(): Promise<Option[]> {
    return this.once("activities", async () => {
      const cat = await catalogue();
      const label = (code: string) => cat.activity_types.find((a) => a.code === code)?.label ?? code;
      const items: StoredRecord[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: "500" });
        if (cursor) q.set("cursor", cursor);
        const page = await recordsPage("activity", q);
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && items.length < 2000);
      return items
        .sort((a, b) => String(b.date).localeCompare(String(a.date)))
        .map((a) => ({ value: a.id, label: `${a.date} – ${label(String(a.type))} (${a.id})` }));
    });
  }
}

interface Part {
  name: string;
  element: HTMLElement;
  setError: (m: string | null) => void;
  focus: () => void;
}

export interface RecordForm {
  form: HTMLFormElement;
  focus: () => void;
}

export interface RecordFormOptions {
  spec: FormSpec;
  session: Session;
  lists: Lists;
  status: HTMLElement;
  submitText: string;
  existing?: StoredRecord;
  // Fields shown before the form's own (the type chooser of the registration screen).
  before?: Node[];
  saved: (record: Record<string, unknown>) => void;
}

export async function recordForm(o: RecordFormOptions): Promise<RecordForm> {
  const { spec, session: s, lists, existing } = o;
  const parts: Part[] = [];
  const reads: (() => Record<string, unknown>)[] = [];
  const checks: (() => (() => void) | null)[] = [];
  const fieldPart = (name: string, f: Field): Part => ({ name, element: f.wrapper, setError: f.setError, focus: () => f.input.focus() });
  const pickerPart = (name: string, p: Picker): Part => ({ name, element: p.element, setError: p.setError, focus: p.focus });
  const requireValue = (part: Part, value: () => string, message = t("reason.required")) =>
    checks.push(() => (value() ? null : (part.setError(message), part.focus)));
  const text = (v: unknown) => (v === undefined || v === null ? "" : String(v));

  let person: PersonPicker | null = null;
  let address: AddressPicker | null = null;
  const attributes = new Map<string, AttributeInput>();
  const fixed: Record<string, unknown> = {};
  const notes: HTMLElement[] = [];

  if (spec.kind === "milestone") {
    const cat = await catalogue();
    const theme = listPicker({ label: t("forms.theme"), name: "theme", options: cat.themes.map((th) => ({ value: th.code, label: th.label })), required: true, value: text(existing?.theme) });
    const date = field({ label: t("registration.date"), name: "date", type: "date", value: text(existing?.date) || todayIso(), required: true });
    const body = field({ label: t("forms.text"), name: "text", textarea: true, rows: 4, value: text(existing?.text), required: true });
    const status = listPicker({
      label: t("forms.status"),
      name: "status",
      options: ["gestart", "gerealiseerd", "vertraagd"].map((code) => ({ value: code, label: textOf(`forms.milestoneStatus.${code}`) })),
      value: text(existing?.status),
    });
    const [pTheme, pDate, pText, pStatus] = [pickerPart("theme", theme), fieldPart("date", date), fieldPart("text", body), pickerPart("status", status)];
    parts.push(pTheme, pDate, pText, pStatus);
    requireValue(pTheme, theme.value);
    requireValue(pDate, () => date.input.value);
    requireValue(pText, () => body.input.value.trim());
    reads.push(() => ({ theme: theme.value(), date: date.input.value, text: body.input.value.trim(), ...(status.value() ? { status: status.value() } : {}) }));
  } else if (spec.kind === "aggregate") {
    const period = field({ label: t("forms.period"), name: "period", value: text(existing?.period) || currentQuarter(), required: true, description: t("forms.periodHelp") });
    const value = field({ label: t("forms.value"), name: "value", type: "number", value: text(existing?.value), required: true, attrs: { step: "any" } });
    const pPeriod = fieldPart("period", period);
    const pValue = fieldPart("value", value);
    parts.push(pPeriod, pValue);
    checks.push(() => (/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.test(period.input.value.trim()) ? null : (pPeriod.setError(t("reason.period")), pPeriod.focus)));
    requireValue(pValue, () => value.input.value.trim());
    reads.push(() => ({ period: period.input.value.trim(), value: Number(value.input.value) }));
    const area = listPicker({ label: t("pickers.area"), name: "area", options: await lists.areas(), value: text(existing?.area) });
    parts.push(pickerPart("area", area));
    reads.push(() => (area.value() ? { area: area.value() } : {}));
    if (s.organisation) {
      fixed.organisation = s.organisation;
      notes.push(h("p", { class: "utrecht-paragraph", "data-testid": "form-organisation" }, t("forms.forOrganisation", { name: await lists.organisationName(s.organisation) })));
    } else {
      const org = listPicker({ label: t("pickers.organisation"), name: "organisation", options: await lists.organisations(), value: text(existing?.organisation) });
      parts.push(pickerPart("organisation", org));
      reads.push(() => (org.value() ? { organisation: org.value() } : {}));
    }
  } else {
    const date = field({ label: t("registration.date"), name: "date", type: "date", value: text(existing?.date) || todayIso(), required: true });
    const pDate = fieldPart("date", date);
    parts.push(pDate);
    requireValue(pDate, () => (/^\d{4}-\d{2}-\d{2}$/.test(date.input.value) ? date.input.value : ""), t("reason.date"));
    reads.push(() => ({ date: date.input.value }));
    if (existing) {
      // A correction may end what runs until a date (a key figure who stopped).
      const end = field({ label: t("forms.endDate"), name: "end_date", type: "date", value: text(existing.end_date), description: t("forms.endDateHelp") });
      const pEnd = fieldPart("end_date", end);
      parts.push(pEnd);
      checks.push(() => (!end.input.value || end.input.value >= date.input.value ? null : (pEnd.setError(t("reason.notBefore", { value: date.input.value })), pEnd.focus)));
      reads.push(() => (end.input.value ? { end_date: end.input.value } : {}));
    }
    const links = new Set(spec.links);
    if (needsOwnLocation(s)) links.add("location");
    for (const link of linkOrder) {
      if (!links.has(link)) continue;
      const required = requiredLink(link);
      if (link === "location") {
        const options = await lists.locations();
        const p = listPicker({ label: t("registration.location"), name: "location", options, required, value: text(existing?.location) || (options.length === 1 ? options[0].value : "") });
        const part = pickerPart("location", p);
        parts.push(part);
        requireValue(part, p.value, t("registration.locationMissing"));
        reads.push(() => ({ location: p.value() }));
      } else if (link === "organisation") {
        if (s.organisation) {
          notes.push(h("p", { class: "utrecht-paragraph", "data-testid": "form-organisation" }, t("forms.forOrganisation", { name: await lists.organisationName(s.organisation) })));
        } else {
          const p = listPicker({ label: t("pickers.organisation"), name: "organisation", options: await lists.organisations(), required, value: text(existing?.organisation) });
          const part = pickerPart("organisation", p);
          parts.push(part);
          requireValue(part, p.value);
          reads.push(() => ({ organisation: p.value() }));
        }
      } else if (link === "area") {
        const p = listPicker({ label: t("pickers.area"), name: "area", options: await lists.areas(), required, value: text(existing?.area) });
        const part = pickerPart("area", p);
        parts.push(part);
        requireValue(part, p.value);
        reads.push(() => ({ area: p.value() }));
      } else if (link === "count") {
        const f = field({ label: t("forms.count"), name: "count", type: "number", inputmode: "numeric", value: text(existing?.count), required: true, attrs: { min: "0" }, description: t("forms.countHelp") });
        const part = fieldPart("count", f);
        parts.push(part);
        checks.push(() => (/^\d+$/.test(f.input.value.trim()) ? null : (part.setError(t("forms.countInvalid")), part.focus)));
        reads.push(() => ({ count: Number(f.input.value.trim()) }));
      } else if (link === "person") {
        if (existing?.person) {
          fixed.person = existing.person;
          notes.push(h("p", { class: "utrecht-paragraph" }, t("forms.keepsPerson")));
        } else {
          const p = personPicker();
          person = p;
          parts.push({ name: "person", element: p.element, setError: () => {}, focus: p.focus });
        }
      } else if (link === "address") {
        if (existing?.address) {
          fixed.address = existing.address;
          notes.push(h("p", { class: "utrecht-paragraph" }, t("forms.keepsAddress")));
        } else {
          const p = await addressPicker(s.write.includes("address"));
          address = p;
          parts.push({ name: "address", element: p.element, setError: () => {}, focus: p.focus });
        }
      } else if (link === "parent") {
        const p = listPicker({ label: t("pickers.parent"), name: "parent", options: await lists.activities(), value: text(existing?.parent), description: t("pickers.parentHelp") });
        parts.push(pickerPart("parent", p));
        reads.push(() => (p.value() ? { parent: p.value() } : {}));
      }
    }
    // An own-scope record is the user's organisation's.
    if (s.organisation) fixed.organisation = s.organisation;
    const stored = (existing?.attributes ?? {}) as Record<string, unknown>;
    for (const attr of spec.attributes) {
      const input = attributeInput(attr, stored[attr.name]);
      attributes.set(attr.name, input);
    }
  }

  const submit = h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, o.submitText);
  const form = h(
    "form",
    { class: "grip-form", novalidate: true, "data-form": spec.key },
    ...(o.before ?? []),
    ...notes,
    ...parts.map((p) => p.element),
    ...[...attributes.values()].map((a) => a.element),
    o.status,
    submit,
  );

  const partOf = (name: string): { setError: (m: string | null) => void } | undefined => {
    if (name.startsWith("attributes.")) return attributes.get(name.slice("attributes.".length));
    return parts.find((p) => p.name === name);
  };
  const valuesOf = (name: string) => (name.startsWith("attributes.") ? spec.attributes.find((a) => `attributes.${a.name}` === name)?.values : undefined);

  const clearErrors = () => {
    for (const p of parts) p.setError(null);
    for (const a of attributes.values()) a.setError(null);
    person?.clearErrors();
    address?.clearErrors();
  };

  // The server's reasons: next to their field, in the user's language, each once.
  const showRefusal = (e: ApiError) => {
    const rest: string[] = [];
    const seen = new Set<string>();
    for (const p of e.problem.invalid_params ?? []) {
      const message = reasonText(p.reason, valuesOf(p.name));
      const target = partOf(p.name);
      if (target) target.setError(message);
      else {
        const line = `${textOf(`forms.field.${p.name}`) === `forms.field.${p.name}` ? p.name : textOf(`forms.field.${p.name}`)}: ${message}`;
        if (!seen.has(line)) rest.push(line);
        seen.add(line);
      }
    }
    const lead = e.status === 403 ? t("forms.notSaved") : t("registration.invalid");
    o.status.replaceChildren(alertBox("error", lead, ...rest));
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    o.status.replaceChildren();
    let first: (() => void) | null = null;
    for (const check of checks) {
      const bad = check();
      if (bad && !first) first = bad;
    }
    if (person && !person.validate() && !first) first = person.focus;
    if (address && !address.validate() && !first) first = address.focus;
    for (const input of attributes.values()) {
      if (input.required && input.read() === undefined) {
        input.setError(input.missing ? input.missing() : t("reason.required"));
        if (!first) first = input.focus;
      }
    }
    if (first) {
      o.status.replaceChildren(alertBox("error", t("registration.invalid")));
      (first as () => void)();
      return;
    }
    submit.disabled = true;
    try {
      const record: Record<string, unknown> = { ...fixed };
      if (spec.kind !== "milestone") record.type = spec.code;
      for (const read of reads) Object.assign(record, read());
      if (person) {
        const id = await person.resolve();
        if (!id) {
          o.status.replaceChildren(alertBox("error", t("registration.invalid")));
          return;
        }
        record.person = id;
      }
      if (address) {
        const id = await address.resolve();
        if (!id) {
          o.status.replaceChildren(alertBox("error", t("registration.invalid")));
          return;
        }
        record.address = id;
      }
      const values: Record<string, unknown> = {};
      for (const [name, input] of attributes) {
        const v = input.read();
        if (v !== undefined) values[name] = v;
      }
      if (Object.keys(values).length) record.attributes = values;
      try {
        if (existing) await replaceRecord(spec.kind, existing.id, record);
        else {
          record.id = newId({ activity: "A-WEB", aggregate: "G-WEB", milestone: "M-WEB" }[spec.kind]);
          await createRecord(spec.kind, record);
        }
      } catch (e) {
        if (e instanceof ApiError && (e.status === 400 || e.status === 403) && e.problem.invalid_params?.length) {
          showRefusal(e);
          return;
        }
        throw e;
      }
      person?.reset();
      address?.reset();
      o.saved(record);
    } catch (e) {
      o.status.replaceChildren(alertBox("error", e instanceof ApiError && e.status === 403 ? t("app.notAllowed") : t("app.failed")));
    } finally {
      submit.disabled = false;
    }
  });

  return { form, focus: () => (parts[0] ?? { focus: () => submit.focus() }).focus() };
}
