// Convenant: the partners of the covenant Good Employership with their
// membership, branch, since and until, and each abuse with its escalation
// ladder; letting an organisation join (refused, with the reason, when it has
// a proven abuse) and reporting an abuse (a case of the type about an organisation).
import { ApiError } from "../api/client";
import { Abuse, CaseType, covenantPartners, joinCovenant, knownCaseTypes, openCase, Partner } from "../api/cases";
import { focusHeading, registerScreen } from "../app";
import { caseHref, caseLink, deadlineOf, organisations, showRefusal, td, th, todayIso } from "../casework";
import { h } from "../dom";
import { alertBox, field, formOf } from "../form";
import { t } from "../i18n";

// The case type of abuses: the one about organisations the role reads.
function abuseType(): CaseType | undefined {
  return knownCaseTypes().find((ct) => ct.subject_kind === "organisation");
}

function ladder(abuse: Abuse, type: CaseType): HTMLElement {
  const label = (action: string) => (action === "open" ? t("cases.action.open") : type.transitions.find((tr) => tr.key === action)?.label ?? action);
  const state = (key: string) => type.states.find((s) => s.key === key)?.label ?? key;
  const steps = abuse.steps.filter((s) => s.action !== "note" && s.action !== "assign" && s.action !== "link");
  return h(
    "ol",
    { class: "utrecht-ordered-list grip-ladder", "aria-label": t("covenant.ladderOf", { id: abuse.id }) },
    steps.map((s) =>
      h(
        "li",
        { class: "utrecht-ordered-list__item" },
        h("strong", null, label(s.action)),
        ` (${s.inputs.datum ?? s.at.slice(0, 10)}) → ${state(s.to)}`,
        s.inputs.toelichting || s.inputs.omschrijving ? h("br") : null,
        s.inputs.toelichting || s.inputs.omschrijving ? h("span", null, s.inputs.toelichting ?? s.inputs.omschrijving ?? "") : null,
      ),
    ),
  );
}

function partnerTable(partners: Partner[]): HTMLElement {
  return h(
    "table",
    { class: "utrecht-table grip-partners", "data-testid": "partners" },
    h("caption", { class: "utrecht-table__caption" }, t("covenant.caption", { count: partners.filter((p) => p.member).length })),
    h(
      "thead",
      { class: "utrecht-table__header" },
      h("tr", { class: "utrecht-table__row" }, th(t("covenant.organisation")), th(t("covenant.member")), th(t("covenant.branch")), th(t("covenant.since")), th(t("covenant.until")), th(t("covenant.abuses"), true)),
    ),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      partners.map((p) =>
        h(
          "tr",
          { class: "utrecht-table__row", "data-organisation": p.organisation },
          h("th", { class: "utrecht-table__header-cell", scope: "row" }, p.name || p.organisation),
          td(p.member ? t("common.yes") : t("common.no")),
          td(p.branch.join(", ") || "–"),
          td(p.covenant_since ?? "–"),
          td(p.covenant_until ?? "–"),
          h("td", { class: "utrecht-table__cell grip-num" }, String(p.abuses.length)),
        ),
      ),
    ),
  );
}

registerScreen({
  path: "/convenant",
  titleKey: "covenant.title",
  allowed: () => Boolean(abuseType()),
  async render(main, ctx) {
    const type = abuseType()!;
    const [partners, orgs] = await Promise.all([covenantPartners(), organisations()]);
    partners.sort((a, b) => (a.name || a.organisation).localeCompare(b.name || b.organisation));
    main.append(h("h1", { class: "utrecht-heading-1" }, t("covenant.title")), h("p", { class: "utrecht-paragraph" }, t("covenant.intro")), partnerTable(partners));

    const withAbuses = partners.filter((p) => p.abuses.length);
    const abusesSection = h("section", { "aria-labelledby": "abuses-heading" }, h("h2", { class: "utrecht-heading-2", id: "abuses-heading" }, t("covenant.abusesHeading")));
    if (!withAbuses.length) abusesSection.append(h("p", { class: "utrecht-paragraph" }, t("covenant.noAbuses")));
    for (const p of withAbuses) {
      abusesSection.append(h("h3", { class: "utrecht-heading-3" }, p.name || p.organisation));
      for (const a of p.abuses)
        abusesSection.append(
          h(
            "div",
            { class: "grip-abuse", "data-case": String(a.id) },
            h("p", { class: "utrecht-paragraph" }, caseLink(a.id), `: ${a.state_label}. ${t("cases.deadline")}: `, deadlineOf(a.deadline, a.overdue)),
            ladder(a, type),
          ),
        );
    }
    main.append(abusesSection);

    const members = new Set(partners.filter((p) => p.member).map((p) => p.organisation));
    const candidates = orgs.filter((o) => !members.has(o.id));
    const joinOrg = field({ label: t("covenant.organisation"), name: "organisation", options: [{ value: "", label: t("covenant.chooseOrganisation") }, ...candidates.map((o) => ({ value: o.id, label: o.name }))] });
    const since = field({ label: t("covenant.joinSince"), name: "since", type: "date", value: todayIso() });
    const join = formOf({ "aria-labelledby": "join-heading" }, [joinOrg.wrapper, since.wrapper], t("covenant.join"));
    join.form.addEventListener("submit", async (e) => {
      e.preventDefault();
      join.message.replaceChildren();
      joinOrg.setError(null);
      since.setError(null);
      if (!joinOrg.input.value) {
        joinOrg.setError(t("covenant.chooseOrganisation"));
        joinOrg.input.focus();
        return;
      }
      try {
        await joinCovenant(joinOrg.input.value, since.input.value);
        ctx.flash(t("covenant.joined", { name: (joinOrg.input as HTMLSelectElement).selectedOptions[0]?.textContent ?? joinOrg.input.value }));
        ctx.navigate("/convenant", true);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) joinOrg.setError(t("caseReason.noOrganisation"));
        else showRefusal(err, { organisation: joinOrg, since }, join.message);
      }
    });

    const abuseOrg = field({ label: t("covenant.organisation"), name: "abuse-organisation", options: [{ value: "", label: t("covenant.chooseOrganisation") }, ...orgs.map((o) => ({ value: o.id, label: o.name }))] });
    const description = field({ label: type.inputs.find((i) => i.key === "omschrijving")?.label ?? t("covenant.description"), name: "omschrijving", textarea: true, rows: 4 });
    const report = formOf({ "aria-labelledby": "abuse-heading" }, [abuseOrg.wrapper, description.wrapper], t("covenant.report"));
    report.form.addEventListener("submit", async (e) => {
      e.preventDefault();
      report.message.replaceChildren();
      abuseOrg.setError(null);
      description.setError(null);
      if (!abuseOrg.input.value) {
        abuseOrg.setError(t("covenant.chooseOrganisation"));
        abuseOrg.input.focus();
        return;
      }
      try {
        const opened = await openCase({ type: type.key, subject: abuseOrg.input.value, inputs: description.input.value.trim() ? { omschrijving: description.input.value.trim() } : {} });
        ctx.flash(t("covenant.reported", { id: opened.id }));
        ctx.navigate(caseHref(opened.id));
      } catch (err) {
        showRefusal(err, { subject: abuseOrg, omschrijving: description }, report.message);
      }
    });

    main.append(
      h("h2", { class: "utrecht-heading-2", id: "join-heading" }, t("covenant.joinHeading")),
      h("p", { class: "utrecht-paragraph" }, t("covenant.joinIntro")),
      join.form,
      h("h2", { class: "utrecht-heading-2", id: "abuse-heading" }, t("covenant.reportHeading")),
      report.form,
    );
    if (!orgs.length) main.append(alertBox("info", t("covenant.noOrganisations")));
    focusHeading(main);
  },
});
