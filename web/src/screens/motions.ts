// Moties: the motions and commitments register (GET /api/v1/motions) with
// number, kind, title, state, expected date, the overdue signal and the
// progress notes; registering a new motion with its case; a motion's steps
// are those of its case (opened here when a delivered motion has none yet).
import { ApiError } from "../api/client";
import { caseType, Motion, motions, openCase } from "../api/cases";
import { focusHeading, registerScreen, ScreenContext } from "../app";
import { caseHref, caseLink, deadlineOf, showRefusal, td, th, todayIso } from "../casework";
import { h } from "../dom";
import { Field, field, formOf } from "../form";
import { t, textOf } from "../i18n";

const kinds = ["motie", "toezegging", "amendement"];
const votes = ["aangenomen", "verworpen", "ingetrokken", "aangehouden"];

function caseCell(m: Motion, ctx: ScreenContext, message: HTMLElement): HTMLElement {
  if (m.case !== null) return caseLink(m.case, t("motions.steps", { id: m.id }));
  // A motion that is done has no steps left: nothing to open.
  if (m.final) return h("span", null, t("motions.done"));
  return h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action",
      onclick: async () => {
        message.replaceChildren();
        try {
          const opened = await openCase({ type: "motie", subject: m.id });
          ctx.navigate(caseHref(opened.id));
        } catch (err) {
          showRefusal(err, {}, message);
        }
      },
    },
    // Visible "Zaak openen"; the accessible name says which motion.
    t("motions.openCase"),
    h("span", { class: "grip-visually-hidden" }, ` ${t("motions.openCaseFor", { id: m.id })}`),
  );
}

function register(list: Motion[], ctx: ScreenContext, message: HTMLElement): HTMLElement {
  return h(
    "table",
    { class: "utrecht-table grip-motions", "data-testid": "motions" },
    h("caption", { class: "utrecht-table__caption" }, t("motions.caption", { count: list.length })),
    h(
      "thead",
      { class: "utrecht-table__header" },
      h("tr", { class: "utrecht-table__row" }, th(t("motions.number")), th(t("motions.kind")), th(t("motions.titleField")), th(t("motions.state")), th(t("motions.expected")), th(t("motions.progress")), th(t("motions.case"))),
    ),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      list.map((m) =>
        h(
          "tr",
          { class: `utrecht-table__row${m.overdue ? " grip-row-overdue" : ""}`, "data-motion": m.id },
          h("th", { class: "utrecht-table__header-cell", scope: "row" }, m.id),
          td(textOf(`motions.kind.${m.type}`)),
          td(m.title),
          td(m.state_label),
          td(deadlineOf(m.expected, m.overdue)),
          td(
            m.progress?.length
              ? h("ul", { class: "utrecht-unordered-list grip-progress-notes" }, m.progress.map((p) => h("li", { class: "utrecht-unordered-list__item" }, p)))
              : "–",
          ),
          td(caseCell(m, ctx, message)),
        ),
      ),
    ),
  );
}

registerScreen({
  path: "/moties",
  titleKey: "motions.title",
  allowed: (s) => Boolean(caseType("motie")) && s.read.includes("motion"),
  async render(main, ctx) {
    const list = (await motions()).sort((a, b) => (b.adopted ?? "").localeCompare(a.adopted ?? "") || a.id.localeCompare(b.id));
    const overdue = list.filter((m) => m.overdue).length;
    const listMessage = h("div", { class: "grip-form-message", "aria-live": "polite" });
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("motions.title")),
      h("p", { class: "utrecht-paragraph" }, t("motions.intro")),
      h("p", { class: "utrecht-paragraph", "data-testid": "motions-overdue" }, overdue ? t("motions.overdueCount", { count: overdue }) : t("motions.noneOverdue")),
      listMessage,
      list.length ? register(list, ctx, listMessage) : h("p", { class: "utrecht-paragraph" }, t("motions.empty")),
    );

    // A new motion, commitment or amendment with its case.
    const f: Record<string, Field> = {
      id: field({ label: t("motions.number"), name: "id", autocomplete: "off", description: t("motions.numberHelp"), required: true }),
      type: field({ label: t("motions.kind"), name: "type", options: kinds.map((k) => ({ value: k, label: textOf(`motions.kind.${k}`) })) }),
      title: field({ label: t("motions.titleField"), name: "title", autocomplete: "off", required: true }),
      adopted: field({ label: t("motions.adopted"), name: "adopted", type: "date", value: todayIso(), required: true }),
      party: field({ label: t("motions.party"), name: "party", autocomplete: "off" }),
      portfolio: field({ label: t("motions.portfolio"), name: "portfolio", autocomplete: "off", description: t("motions.portfolioHelp") }),
      committee: field({ label: t("motions.committee"), name: "committee", autocomplete: "off" }),
      policy_field: field({ label: t("motions.policyField"), name: "policy_field", autocomplete: "off" }),
      vote: field({ label: t("motions.vote"), name: "vote", options: [{ value: "", label: t("motions.voteUnknown") }, ...votes.map((v) => ({ value: v, label: textOf(`motions.vote.${v}`) }))] }),
      expected: field({ label: t("motions.expected"), name: "expected", type: "date", description: t("motions.expectedHelp") }),
      text: field({ label: t("motions.text"), name: "text", textarea: true, rows: 4 }),
    };
    const { form, message, submit } = formOf({ "aria-labelledby": "motion-new-heading" }, Object.values(f).map((x) => x.wrapper), t("motions.register"));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      message.replaceChildren();
      for (const x of Object.values(f)) x.setError(null);
      let missing = false;
      for (const key of ["id", "title", "adopted"]) {
        if (!f[key].input.value.trim()) {
          f[key].setError(t("reason.required"));
          if (!missing) f[key].input.focus();
          missing = true;
        }
      }
      if (missing) return;
      const record: Record<string, string> = {};
      for (const [key, x] of Object.entries(f)) if (x.input.value.trim()) record[key] = x.input.value.trim();
      submit.disabled = true;
      try {
        const opened = await openCase({ type: "motie", record });
        ctx.flash(t("motions.registered", { id: record.id }));
        ctx.navigate(caseHref(opened.id));
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && err.problem.invalid_params?.some((p) => p.name === "id")) f.id.setError(t("motions.exists"));
        else showRefusal(err, f, message);
      } finally {
        submit.disabled = false;
      }
    });
    main.append(h("h2", { class: "utrecht-heading-2", id: "motion-new-heading" }, t("motions.new")), form);
    focusHeading(main);
  },
});
