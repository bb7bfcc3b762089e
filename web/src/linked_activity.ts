// Registering, from a case's page, the activity a step of its workflow needs
// linked (a home visit before the findings of a report of overcrowding).
// Which activity types are offered is the workflow's data: the types a step
// allowed in the case's state requires and the case does not have yet. The
// new activity belongs to the case's subject (`parent`, with its address and
// organisation), so the server links it to the case by itself.
import { ApiError, get, newId } from "./api/client";
import { CaseDetail, CaseType } from "./api/cases";
import { ActivityType, catalogue, createRecord } from "./api/grip";
import { Session } from "./api/client";
import { AttributeInput, attributeInput } from "./attributes";
import { todayIso } from "./casework";
import { h } from "./dom";
import { alertBox, field, formOf } from "./form";
import { t } from "./i18n";
import { reasonText } from "./reasons";

// The activity types a step allowed now still needs linked.
export function missingLinks(c: CaseDetail, type: CaseType): string[] {
  const needed = new Set<string>();
  for (const tr of type.transitions)
    if (tr.from.includes(c.state) && c.allowed_transitions.includes(tr.key)) for (const code of tr.linked) needed.add(code);
  return [...needed].filter((code) => !c.linked.some((l) => l.type === code));
}

interface Subject {
  id: string;
  address?: string;
  organisation?: string;
}

// One section per missing type, for a role that writes activities, on a
// case about an activity; nothing otherwise.
export async function linkedActivityForms(c: CaseDetail, type: CaseType, s: Session, done: (typeLabel: string) => void): Promise<HTMLElement[]> {
  if (c.final || c.subject.kind !== "activity" || !s.write.includes("activity")) return [];
  const missing = missingLinks(c, type);
  if (!missing.length) return [];
  const [cat, subject] = await Promise.all([catalogue(), get<Subject>(`/records/activity/${encodeURIComponent(c.subject.id)}`)]);
  return missing
    .map((code) => cat.activity_types.find((a) => a.code === code))
    .filter((a): a is ActivityType => Boolean(a))
    .map((activityType) => form(activityType, type, c, subject, s, done));
}

function form(activityType: ActivityType, type: CaseType, c: CaseDetail, subject: Subject, s: Session, done: (typeLabel: string) => void): HTMLElement {
  const headingId = `register-${activityType.code}-heading`;
  const steps = type.transitions.filter((tr) => tr.linked.includes(activityType.code) && c.allowed_transitions.includes(tr.key)).map((tr) => tr.label);
  const date = field({ label: t("cases.register.date"), name: "date", type: "date", value: todayIso(), required: true });
  const attributes = new Map<string, AttributeInput>();
  for (const attr of activityType.attributes) attributes.set(attr.name, attributeInput(attr));
  const { form, message, submit } = formOf(
    { "aria-labelledby": headingId, "data-register": activityType.code },
    [date.wrapper, ...[...attributes.values()].map((a) => a.element)],
    t("cases.register.submit", { type: activityType.label }),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    message.replaceChildren();
    date.setError(null);
    for (const a of attributes.values()) a.setError(null);
    if (!date.input.value) {
      date.setError(t("reason.required"));
      date.input.focus();
      return;
    }
    const record: Record<string, unknown> = { id: newId("A-WEB"), type: activityType.code, date: date.input.value, parent: subject.id };
    if (subject.address) record.address = subject.address;
    const organisation = s.organisation ?? subject.organisation;
    if (organisation) record.organisation = organisation;
    const values: Record<string, unknown> = {};
    for (const [name, input] of attributes) {
      const v = input.read();
      if (v !== undefined) values[name] = v;
    }
    if (Object.keys(values).length) record.attributes = values;
    submit.disabled = true;
    try {
      await createRecord("activity", record);
      done(activityType.label);
    } catch (err) {
      const params = err instanceof ApiError ? err.problem.invalid_params ?? [] : [];
      for (const p of params) {
        const target = p.name === "date" ? date : attributes.get(p.name.replace(/^attributes\./, ""));
        if (target) target.setError(reasonText(p.reason));
        else message.append(alertBox("error", `${p.name}: ${reasonText(p.reason)}`));
      }
      if (!params.length) message.append(alertBox("error", err instanceof ApiError && err.status === 403 ? t("app.notAllowed") : t("app.failed")));
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    "section",
    { "aria-labelledby": headingId, "data-testid": `register-${activityType.code}` },
    h("h2", { class: "utrecht-heading-2", id: headingId }, t("cases.register.heading", { type: activityType.label })),
    h("p", { class: "utrecht-paragraph" }, t("cases.register.intro", { type: activityType.label.charAt(0).toLowerCase() + activityType.label.slice(1), subject: subject.id, steps: steps.join(", ") })),
    form,
  );
}
