// One case: its state, deadline, team and assignee, the linked activities,
// the immutable history, and the steps the user may take now (the server's
// allowed_transitions), each with a small form of exactly the inputs the
// step requires. Every change names the version it was based on, so a page
// that another user overtook gets a clear refusal instead of a silent overwrite.
import { ApiError, get, listAll } from "../api/client";
import { addNote, assignCase, CaseDetail, CaseEvent, CaseType, caseType, getCase, knownCaseTypes, linkActivity, takeStep } from "../api/cases";
import { focusHeading, registerScreen, ScreenContext } from "../app";
import { caseHref, deadlineOf, Names, names, organisations, showRefusal, td, th, todayIso } from "../casework";
import { Address, areas } from "../api/grip";
import { addressLine } from "../pickers/address_picker";
import { h, uid } from "../dom";
import { alertBox, Field, field, formOf } from "../form";
import { t, hasText, textOf } from "../i18n";
import { linkedActivityForms, missingLinks } from "../linked_activity";
import { calendarDate, localDateTime, timeElement } from "../time";

// Whether the role works on cases of the type (annotates, links, assigns):
// the roles of its steps.
function works(type: CaseType, role: string): boolean {
  return type.transitions.some((tr) => tr.roles.includes(role));
}

function stepLabel(type: CaseType | undefined, action: string): string {
  const tr = type?.transitions.find((x) => x.key === action);
  if (tr) return tr.label;
  return hasText(`cases.action.${action}`) ? textOf(`cases.action.${action}`) : action;
}

function stateLabel(type: CaseType | undefined, state: string | null): string {
  if (!state) return "–";
  return type?.states.find((s) => s.key === state)?.label ?? state;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  if (Array.isArray(value)) return value.map(show).join("; ");
  return String(value);
}

function details(type: CaseType | undefined, e: CaseEvent, n: Names): HTMLElement {
  const d = e.data ?? {};
  const items: HTMLElement[] = [];
  const li = (...c: (Node | string)[]) => h("li", { class: "utrecht-unordered-list__item" }, ...c);
  const inputLabel = (key: string) => type?.inputs.find((i) => i.key === key)?.label ?? key;
  const inputType = (key: string) => type?.inputs.find((i) => i.key === key)?.type;
  for (const [key, value] of Object.entries(d.inputs ?? {})) items.push(li(`${inputLabel(key)}: ${inputType(key) === "enum" ? n.value(key, value) : value}`));
  // A changed field of the record: its name, and codes as their labels.
  for (const [name, [before, after]] of Object.entries(d.changes ?? {})) {
    const key = name.replace(/^attributes\./, "");
    const value = (v: unknown) => (typeof v === "string" && /^[a-z][a-z_]*$/.test(v) ? n.value(key, v) : show(v));
    items.push(li(t("cases.history.change", { field: type?.inputs.some((i) => i.key === key) ? inputLabel(key) : key, before: value(before), after: value(after) })));
  }
  if (d.text !== undefined) items.push(li(h("span", { class: "grip-note" }, d.text)));
  if (d.registered) items.push(li(t("cases.history.registered", { id: d.registered })));
  if (d.activity) items.push(li(t("cases.history.linked", { id: d.activity, type: n.activityType(d.activity_type ?? "") })));
  for (const id of d.created ?? []) items.push(li(t("cases.history.created", { id })));
  if (d.deadline) items.push(li(t("cases.history.deadline", { date: d.deadline })));
  return items.length ? h("ul", { class: "utrecht-unordered-list grip-history__details" }, items) : h("span", null, "–");
}

function history(c: CaseDetail, type: CaseType | undefined, n: Names): HTMLElement {
  return h(
    "table",
    { class: "utrecht-table grip-history", "data-testid": "history" },
    h("caption", { class: "utrecht-table__caption" }, t("cases.history.caption")),
    h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("cases.history.when")), th(t("cases.history.who")), th(t("cases.history.step")), th(t("cases.history.states")), th(t("cases.history.details")))),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      c.history.map((e) =>
        h(
          "tr",
          { class: "utrecht-table__row", "data-action": e.action },
          td(timeElement(e.at, localDateTime(e.at))),
          td(e.actor),
          td(stepLabel(type, e.action)),
          td(e.from && e.from !== e.to ? `${stateLabel(type, e.from)} → ${stateLabel(type, e.to)}` : stateLabel(type, e.to)),
          td(details(type, e, n)),
        ),
      ),
    ),
  );
}

// A small form with exactly the inputs the step requires.
function stepForm(c: CaseDetail, type: CaseType, key: string, n: Names, ctx: ScreenContext): HTMLFormElement {
  const tr = type.transitions.find((x) => x.key === key)!;
  const fields: Record<string, Field> = {};
  for (const inputKey of tr.inputs) {
    const input = type.inputs.find((i) => i.key === inputKey);
    if (!input) continue;
    if (input.type === "enum")
      fields[inputKey] = field({ label: input.label, name: inputKey, options: [{ value: "", label: t("cases.choose.value") }, ...input.values.map((v) => ({ value: v, label: n.value(inputKey, v) }))] });
    else if (input.type === "date") fields[inputKey] = field({ label: input.label, name: inputKey, type: "date", value: todayIso() });
    else fields[inputKey] = field({ label: input.label, name: inputKey, textarea: true, rows: 3 });
  }
  const needsLink = tr.linked.some((code) => missingLinks(c, type).includes(code)) ? h("p", { class: "utrecht-paragraph grip-muted" }, t("cases.step.needsLink", { types: tr.linked.map(n.activityType).join(", ") })) : null;
  const { form, message, submit } = formOf(
    { "aria-label": tr.label, "data-step": key, class: "grip-form grip-step-form" },
    [...(needsLink ? [needsLink] : []), ...Object.values(fields).map((f) => f.wrapper)],
    tr.label,
  );
  form.classList.add("grip-step-form");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    message.replaceChildren();
    for (const f of Object.values(fields)) f.setError(null);
    const inputs: Record<string, string> = {};
    for (const [k, f] of Object.entries(fields)) if (f.input.value.trim()) inputs[k] = f.input.value.trim();
    submit.disabled = true;
    try {
      await takeStep(c.id, key, inputs, c.version);
      ctx.flash(t("cases.step.done", { step: tr.label }));
      ctx.navigate(caseHref(c.id), true);
    } catch (err) {
      staleOr(err, message, () => showRefusal(err, fields, message, n.activityType));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// Whether the server left out the texts (a role without personal data on a
// case about a person or address): the opening event always has its inputs.
function textsHidden(c: CaseDetail): boolean {
  const opened = c.history.find((e) => e.action === "open");
  return Boolean(opened?.data && !("inputs" in opened.data));
}

// A change on a stale page: say so and offer to read the case again.
function staleOr(err: unknown, message: HTMLElement, otherwise: () => void): void {
  if (err instanceof ApiError && err.status === 409 && err.problem.invalid_params?.some((p) => p.name === "version")) {
    message.append(
      alertBox(
        "error",
        t("cases.stale"),
        h("p", { class: "utrecht-paragraph" }, h("a", { href: location.pathname + location.search, "data-nav": true, class: "utrecht-link" }, t("cases.reload"))),
      ),
    );
    return;
  }
  otherwise();
}

registerScreen({
  path: "/zaak",
  titleKey: "cases.caseTitle",
  hidden: true,
  allowed: () => knownCaseTypes().length > 0,
  async render(main, ctx) {
    const s = ctx.session;
    const id = Number(ctx.params.get("id"));
    let c: CaseDetail;
    try {
      if (!Number.isInteger(id) || id < 1) throw new ApiError(404, {});
      c = await getCase(id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        main.append(h("h1", { class: "utrecht-heading-1" }, t("cases.caseTitle")), h("p", { class: "utrecht-paragraph" }, t("cases.notFound")));
        focusHeading(main);
        return;
      }
      throw err;
    }
    const type = caseType(c.type);
    const n = await names();
    document.title = `${t("cases.caseNumber", { id: c.id })} – Grip`;
    const about = c.about ?? {};
    const areaList = about.address?.area ? await areas().catch(() => []) : [];
    const areaName = (code: string) => areaList.find((a) => a.code === code)?.name ?? code;
    const subject = c.subject.kind === "organisation" ? `${about.name ?? n.organisation(c.subject.id)} (${c.subject.id})` : about.title ? `${about.title} (${c.subject.id})` : about.activity_type ? `${n.activityType(about.activity_type)}, ${calendarDate(about.date)}` : c.subject.id;
    const row = (label: string, ...value: (Node | string)[]) => [h("dt", null, label), h("dd", { class: "grip-case__value" }, ...value)];
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("cases.caseHeading", { id: c.id, type: type?.label ?? c.type })),
      about.title ? h("p", { class: "utrecht-paragraph grip-lead", "data-testid": "case-title" }, about.title) : "",
      h(
        "dl",
        { class: "grip-counts grip-case", "data-testid": "case-summary" },
        row(t("cases.subject"), subject),
        row(t("cases.state"), h("strong", { "data-testid": "case-state" }, c.state_label)),
        row(t("cases.stateSince"), timeElement(c.state_since, calendarDate(c.state_since))),
        ...(about.address ? row(t("cases.address"), h("span", { "data-testid": "case-address" }, addressLine(about.address as Address, areaName))) : []),
        row(t("cases.deadline"), deadlineOf(c.deadline ?? about.expected, c.overdue)),
        row(t("cases.team"), n.organisation(c.team)),
        row(t("cases.assignee"), c.assignee ?? "–"),
        row(t("cases.openedOn"), timeElement(c.opened_on, calendarDate(c.opened_on))),
      ),
    );

    // The steps allowed now.
    const actions = h("section", { class: "grip-case-actions", "aria-labelledby": "actions-heading", "data-testid": "case-actions" }, h("h2", { class: "utrecht-heading-2", id: "actions-heading" }, t("cases.actions")));
    if (type && c.allowed_transitions.length) {
      const holder = h("div", { class: "grip-step-holder" });
      const buttons = h("ul", { class: "grip-step-buttons" });
      for (const key of c.allowed_transitions) {
        const tr = type.transitions.find((x) => x.key === key);
        if (!tr) continue;
        const panelId = uid(`step-${key}`);
        const button = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action", "aria-expanded": "false", "aria-controls": panelId }, tr.label);
        button.addEventListener("click", () => {
          const open = button.getAttribute("aria-expanded") === "true";
          for (const b of buttons.querySelectorAll("button")) b.setAttribute("aria-expanded", "false");
          holder.replaceChildren();
          if (open) return;
          button.setAttribute("aria-expanded", "true");
          const form = stepForm(c, type, key, n, ctx);
          holder.append(h("div", { id: panelId, class: "grip-step-panel" }, h("h3", { class: "utrecht-heading-3" }, t("cases.step.heading", { step: tr.label })), form));
          (form.querySelector<HTMLElement>("input, select, textarea") ?? form.querySelector<HTMLElement>("button"))?.focus();
        });
        buttons.append(h("li", null, button));
      }
      actions.append(buttons, holder);
    } else {
      actions.append(h("p", { class: "utrecht-paragraph", "data-testid": "no-actions" }, c.final ? t("cases.closedNoActions") : t("cases.noActions")));
    }
    main.append(actions);

    // Linked activities.
    const linked = h("section", { "aria-labelledby": "linked-heading" }, h("h2", { class: "utrecht-heading-2", id: "linked-heading" }, t("cases.linked")));
    if (c.linked.length)
      linked.append(
        h(
          "table",
          { class: "utrecht-table", "data-testid": "linked" },
          h("caption", { class: "utrecht-table__caption" }, t("cases.linkedCaption", { count: c.linked.length })),
          h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("cases.activity")), th(t("cases.activityType")), th(t("cases.activityDate")), th(t("cases.how")))),
          h("tbody", { class: "utrecht-table__body" }, c.linked.map((l) => h("tr", { class: "utrecht-table__row" }, td(l.id), td(n.activityType(l.type)), td(l.date), td(l.explicit ? t("cases.linkedExplicit") : t("cases.linkedParent"))))),
        ),
      );
    else linked.append(h("p", { class: "utrecht-paragraph" }, t("cases.noLinked")));
    main.append(linked);

    // The activity a step needs linked, registered here (a home visit).
    if (type)
      main.append(
        ...(await linkedActivityForms(c, type, s, (typeLabel) => {
          ctx.flash(t("cases.register.done", { type: typeLabel }));
          ctx.navigate(caseHref(c.id), true);
        })),
      );

    // Working on the case: a note, a link, the assignment.
    if (type && works(type, s.role)) {
      const note = field({ label: t("cases.note"), name: "text", textarea: true, rows: 3 });
      const noteForm = formOf({ "aria-labelledby": "note-heading" }, [note.wrapper], t("cases.addNote"));
      noteForm.form.addEventListener("submit", async (e) => {
        e.preventDefault();
        note.setError(null);
        noteForm.message.replaceChildren();
        if (!note.input.value.trim()) {
          note.setError(t("reason.required"));
          note.input.focus();
          return;
        }
        try {
          await addNote(c.id, note.input.value, c.version);
          ctx.flash(t("cases.noteAdded"));
          ctx.navigate(caseHref(c.id), true);
        } catch (err) {
          staleOr(err, noteForm.message, () => showRefusal(err, { text: note }, noteForm.message));
        }
      });

      // The activities to link, chosen from a list (the case's buurt,
      // newest first), never typed as ids; a search box narrows the list.
      // The list is read when the user turns to it, not at every visit of
      // the page (reading it is a processing of the activities).
      const linkedIds = new Set(c.linked.map((l) => l.id));
      type Candidate = { id: string; type: string; date: string };
      let candidates: Candidate[] = [];
      const optionOf = (a: Candidate) => ({ value: a.id, label: `${n.activityType(a.type)}, ${calendarDate(a.date)} (${a.id})` });
      const activity = field({
        label: t("cases.activityChoice"),
        name: "activity",
        description: t("cases.activityChoiceHelp"),
        options: [{ value: "", label: t("cases.chooseActivity") }],
      });
      const search = field({ label: t("cases.activitySearch"), name: "activity-search", autocomplete: "off", type: "search" });
      let loading: Promise<void> | null = null;
      const load = () =>
        (loading ??= (async () => {
          const all = await listAll<Candidate>(`/records/activity${c.area ? `?area=${encodeURIComponent(c.area)}` : ""}`, 500).catch(() => [] as Candidate[]);
          candidates = all.filter((a) => !linkedIds.has(a.id) && a.id !== c.subject.id).sort((a, b) => b.date.localeCompare(a.date)).slice(0, 300);
          const select = activity.input as HTMLSelectElement;
          for (const a of candidates) {
            const o = optionOf(a);
            select.append(h("option", { value: o.value }, o.label));
          }
          if (!candidates.length) select.options[0].textContent = t("cases.noCandidates");
        })());
      for (const input of [activity.input, search.input]) input.addEventListener("focus", () => void load());
      activity.input.addEventListener("pointerdown", () => void load());
      search.input.addEventListener("input", () => {
        const q = search.input.value.trim().toLowerCase();
        const select = activity.input as HTMLSelectElement;
        for (const o of Array.from(select.options)) if (o.value) o.hidden = Boolean(q) && !o.text.toLowerCase().includes(q);
      });
      const linkForm = formOf({ "aria-labelledby": "link-heading" }, [search.wrapper, activity.wrapper], t("cases.link"));
      linkForm.form.addEventListener("submit", async (e) => {
        e.preventDefault();
        activity.setError(null);
        linkForm.message.replaceChildren();
        if (!activity.input.value.trim()) {
          activity.setError(t("reason.required"));
          activity.input.focus();
          return;
        }
        try {
          await linkActivity(c.id, activity.input.value.trim(), c.version);
          const chosen = candidates.find((a) => a.id === activity.input.value);
          ctx.flash(t("cases.linkedDone", { id: chosen ? optionOf(chosen).label : activity.input.value }));
          ctx.navigate(caseHref(c.id), true);
        } catch (err) {
          staleOr(err, linkForm.message, () => showRefusal(err, { activity }, linkForm.message));
        }
      });

      const orgs = s.scope === "own" ? (s.organisation ? [{ id: s.organisation, name: n.organisation(s.organisation) }] : []) : await organisations();
      const team = field({ label: t("cases.team"), name: "team", value: c.team ?? "", options: [{ value: "", label: t("cases.noTeam") }, ...orgs.map((o) => ({ value: o.id, label: o.name }))] });
      // The people who work on this case type (an own-scope user: its colleagues), to choose from.
      const people = (await get<{ items: { name: string; role_label: string; organisation: string | null }[] }>(`/cases/${c.id}/assignees`).catch(() => ({ items: [] }))).items;
      const assignee = field({
        label: t("cases.assignee"),
        name: "assignee",
        value: c.assignee ?? "",
        options: [
          { value: "", label: t("cases.nobody") },
          ...people.map((p) => ({ value: p.name, label: `${p.name} (${p.role_label}${p.organisation ? `, ${n.organisation(p.organisation)}` : ""})` })),
          ...(c.assignee && !people.some((p) => p.name === c.assignee) ? [{ value: c.assignee, label: c.assignee }] : []),
        ],
      });
      const assignForm = formOf({ "aria-labelledby": "assign-heading" }, [team.wrapper, assignee.wrapper], t("cases.assign"));
      assignForm.form.addEventListener("submit", async (e) => {
        e.preventDefault();
        team.setError(null);
        assignee.setError(null);
        assignForm.message.replaceChildren();
        try {
          await assignCase(c.id, team.input.value, assignee.input.value.trim(), c.version);
          ctx.flash(t("cases.assigned"));
          ctx.navigate(caseHref(c.id), true);
        } catch (err) {
          staleOr(err, assignForm.message, () => showRefusal(err, { team, assignee }, assignForm.message));
        }
      });
      main.append(
        h("section", { "aria-labelledby": "note-heading" }, h("h2", { class: "utrecht-heading-2", id: "note-heading" }, t("cases.addNoteHeading")), noteForm.form),
        h("section", { "aria-labelledby": "link-heading" }, h("h2", { class: "utrecht-heading-2", id: "link-heading" }, t("cases.linkHeading")), linkForm.form),
        h("section", { "aria-labelledby": "assign-heading" }, h("h2", { class: "utrecht-heading-2", id: "assign-heading" }, t("cases.assignHeading")), assignForm.form),
      );
    }

    main.append(
      h("section", { "aria-labelledby": "history-heading" }, h("h2", { class: "utrecht-heading-2", id: "history-heading" }, t("cases.history")), textsHidden(c) ? h("p", { class: "utrecht-paragraph grip-muted" }, t("cases.history.noTexts")) : null, history(c, type, n)),
      h("p", { class: "utrecht-paragraph" }, h("a", { href: "/zaken", "data-nav": true, class: "utrecht-link" }, t("cases.back"))),
    );
    focusHeading(main);
  },
});
