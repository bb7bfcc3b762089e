// Zaken: the work queues of casework (mine, my team's, overdue, all open,
// all) with filters by case type and area, and the registration of a new
// report of overcrowding with its case. The case types and their states come
// from the catalogue (GET /api/v1/case-types); the server decides who sees which case.
import { ApiError, newId } from "../api/client";
import { caseType, cases, knownCaseTypes, openCase, Queue } from "../api/cases";
import { areas } from "../api/grip";
import { focusHeading, registerScreen } from "../app";
import { caseHref, caseLink, deadlineOf, names, showRefusal, subjectText, td, th, todayIso } from "../casework";
import { h } from "../dom";
import { alertBox, field, formOf } from "../form";
import { addressPicker } from "../pickers/address_picker";
import { t } from "../i18n";

const queues: Queue[] = ["mine", "team", "overdue", "open", "all"];
const reportType = "melding_overbewoning";

registerScreen({
  path: "/zaken",
  titleKey: "cases.title",
  allowed: () => knownCaseTypes().length > 0,
  async render(main, ctx) {
    const s = ctx.session;
    const offered = queues.filter((q) => q !== "team" || s.organisation);
    const wanted = ctx.params.get("wachtrij") as Queue | null;
    const queue: Queue = wanted && offered.includes(wanted) ? wanted : "open";
    const type = knownCaseTypes().some((ct) => ct.key === ctx.params.get("soort")) ? ctx.params.get("soort")! : "";
    const area = ctx.params.get("gebied") ?? "";
    const cursor = ctx.params.get("na") ?? "";

    main.append(h("h1", { class: "utrecht-heading-1" }, t("cases.title")));
    if (caseType(reportType) && s.write.includes("activity") && s.organisation) {
      main.append(h("p", { class: "utrecht-paragraph" }, h("a", { href: "/zaken/melding", "data-nav": true, class: "utrecht-link" }, t("cases.newReport"))));
    }

    const allAreas = await areas().catch(() => []);
    const queueField = field({ label: t("cases.queue"), name: "queue", value: queue, options: offered.map((q) => ({ value: q, label: t(`cases.queue.${q}`) })) });
    const typeField = field({
      label: t("cases.type"),
      name: "type",
      value: type,
      options: [{ value: "", label: t("cases.allTypes") }, ...knownCaseTypes().map((ct) => ({ value: ct.key, label: ct.label }))],
    });
    const areaField = field({
      label: t("cases.area"),
      name: "area",
      value: area,
      options: [
        { value: "", label: t("area.gemeente") },
        { value: "priority", label: t("area.priority") },
        { value: "rest", label: t("area.rest") },
        ...allAreas.filter((a) => a.level === "wijk").map((a) => ({ value: a.code, label: `${t("area.wijk")} ${a.name}` })),
      ],
    });
    const chooser = h(
      "form",
      { class: "grip-form grip-chooser", "aria-label": t("cases.choose") },
      queueField.wrapper,
      typeField.wrapper,
      areaField.wrapper,
      h("div", { class: "grip-chooser__submit" }, h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("cases.show"))),
    );
    chooser.addEventListener("submit", (e) => {
      e.preventDefault();
      const q = new URLSearchParams({ wachtrij: queueField.input.value });
      if (typeField.input.value) q.set("soort", typeField.input.value);
      if (areaField.input.value) q.set("gebied", areaField.input.value);
      ctx.navigate(`/zaken?${q}`);
    });
    main.append(chooser);

    const [page, n] = await Promise.all([cases(queue, { type, area, cursor }), names()]);
    const areaName = (code: string) => allAreas.find((a) => a.code === code)?.name ?? code;
    const caption = t("cases.caption", { queue: t(`cases.queue.${queue}`), count: page.items.length });
    if (!page.items.length) {
      main.append(h("p", { class: "utrecht-paragraph", "data-testid": "no-cases" }, t("cases.none", { queue: t(`cases.queue.${queue}`) })));
    } else {
      main.append(
        h(
          "table",
          { class: "utrecht-table grip-cases", "data-testid": "cases" },
          h("caption", { class: "utrecht-table__caption" }, caption),
          h(
            "thead",
            { class: "utrecht-table__header" },
            h("tr", { class: "utrecht-table__row" }, th(t("cases.case")), th(t("cases.type")), th(t("cases.subject")), th(t("cases.state")), th(t("cases.deadline")), th(t("cases.team")), th(t("cases.assignee"))),
          ),
          h(
            "tbody",
            { class: "utrecht-table__body" },
            page.items.map((c) =>
              h(
                "tr",
                { class: `utrecht-table__row${c.overdue ? " grip-row-overdue" : ""}`, "data-case": String(c.id), "data-subject": c.subject.id },
                h("th", { class: "utrecht-table__header-cell", scope: "row" }, caseLink(c.id)),
                td(caseType(c.type)?.label ?? c.type),
                td(subjectText(c, n, areaName)),
                td(c.state_label),
                td(deadlineOf(c.deadline, c.overdue)),
                td(n.organisation(c.team)),
                td(c.assignee ?? "–"),
              ),
            ),
          ),
        ),
      );
      if (page.next_cursor) {
        const q = new URLSearchParams(ctx.params);
        q.set("na", page.next_cursor);
        main.append(h("p", { class: "utrecht-paragraph" }, h("a", { class: "utrecht-link", "data-nav": true, href: `/zaken?${q}` }, t("cases.next"))));
      }
    }
    focusHeading(main);
  },
});

// A new report of possible overcrowding, registered with its case; the
// organisation is the user's own.
registerScreen({
  path: "/zaken/melding",
  titleKey: "cases.newReportTitle",
  hidden: true,
  allowed: (s) => Boolean(caseType(reportType)) && s.write.includes("activity") && Boolean(s.organisation),
  async render(main, ctx) {
    const s = ctx.session;
    const n = await names();
    const id = field({ label: t("cases.report.id"), name: "id", value: newId("MEL"), autocomplete: "off", description: t("cases.report.idHelp"), required: true });
    const date = field({ label: t("cases.report.date"), name: "date", type: "date", value: todayIso(), required: true });
    // The address as people know it (postcode and house number), found in
    // Grip or added there by a role that registers addresses; never its id.
    const address = await addressPicker(s.write.includes("address"));
    const source = field({ label: t("cases.report.source"), name: "bron", autocomplete: "off", description: t("cases.report.sourceHelp") });
    const { form, message, submit } = formOf({ "aria-labelledby": "report-heading" }, [id.wrapper, date.wrapper, address.element, source.wrapper], t("cases.report.submit"));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      for (const f of [id, date, source]) f.setError(null);
      address.clearErrors();
      message.replaceChildren();
      let missing = false;
      for (const f of [id, date]) {
        if (!f.input.value.trim()) {
          f.setError(t("reason.required"));
          if (!missing) f.input.focus();
          missing = true;
        }
      }
      if (!address.validate()) {
        if (!missing) address.focus();
        missing = true;
      }
      if (missing) return;
      submit.disabled = true;
      try {
        const addressId = await address.resolve();
        if (!addressId) return;
        const record: Record<string, unknown> = {
          id: id.input.value.trim(),
          type: reportType,
          date: date.input.value,
          address: addressId,
          organisation: s.organisation,
        };
        if (source.input.value.trim()) record.attributes = { bron: source.input.value.trim() };
        const opened = await openCase({ type: reportType, record });
        ctx.flash(t("cases.report.opened", { id: opened.id }));
        ctx.navigate(caseHref(opened.id));
      } catch (err) {
        if (err instanceof ApiError && err.status === 403 && !err.problem.invalid_params?.length) message.append(alertBox("error", t("app.notAllowed")));
        else showRefusal(err, { id, date, bron: source }, message);
      } finally {
        submit.disabled = false;
      }
    });
    main.append(
      h("h1", { class: "utrecht-heading-1", id: "report-heading" }, t("cases.newReportTitle")),
      h("p", { class: "utrecht-paragraph" }, t("cases.report.intro", { organisation: n.organisation(s.organisation) })),
      form,
      h("p", { class: "utrecht-paragraph" }, h("a", { href: "/zaken", "data-nav": true, class: "utrecht-link" }, t("cases.back"))),
    );
    focusHeading(main);
  },
});
