// People without a BSN: the possible matches of a person among the persons
// without a BSN (same name and birth date, as the server normalises them),
// and the links that make two person records one human, counted once.
// Another organisation's person shows only its id and organisations, never
// its names (the server leaves them out); linking it is done by the server.
import { ApiError, post, request } from "../api/client";
import { focusHeading, may, registerScreen } from "../app";
import { clear, h } from "../dom";
import { alertBox, field, formOf } from "../form";
import { t, textOf } from "../i18n";

interface Organisation {
  id: string;
  name: string;
}

interface Match {
  id: string;
  subject: string;
  organisations: Organisation[];
  linked: boolean;
  direct: boolean;
  visible: boolean;
  record?: Record<string, unknown>;
}

function describe(m: Match): string {
  if (!m.record) return t("persons.hidden");
  const r = m.record;
  const name = [r.given_name, r.family_name].filter((v) => typeof v === "string" && v).join(" ");
  const born = typeof r.birth_date === "string" ? r.birth_date : typeof r.birth_year === "number" ? String(r.birth_year) : "";
  return [name || t("persons.noName"), born].filter(Boolean).join(", ");
}

function failure(err: unknown): string {
  if (err instanceof ApiError && err.status === 404) return t("persons.notFound");
  if (err instanceof ApiError && err.status === 409) return t("persons.conflict");
  if (err instanceof ApiError && err.status === 403) return t("app.notAllowed");
  return t("app.failed");
}

registerScreen({
  path: "/personen",
  titleKey: "persons.title",
  allowed: (s) => may(s, "persons.link"),
  render(main, ctx) {
    const person = field({
      label: t("persons.person"),
      name: "person",
      value: ctx.params.get("persoon") ?? "",
      autocomplete: "off",
      description: t("persons.personHelp"),
    });
    const search = formOf({ "aria-labelledby": "persons-heading", "data-testid": "persons-search" }, [person.wrapper], t("persons.search"));
    const result = h("div", { class: "grip-persons", "aria-live": "polite" });

    const show = async (id: string, notice?: HTMLElement) => {
      clear(result);
      if (notice) result.append(notice);
      let items: Match[];
      try {
        items = (await post<{ items: Match[] }>("/persons/matches", { person: id })).items;
      } catch (err) {
        result.append(alertBox("error", failure(err)));
        return;
      }
      if (!items.length) {
        result.append(h("p", { class: "utrecht-paragraph", "data-testid": "persons-none" }, t("persons.none")));
        return;
      }
      const col = (key: string) => h("th", { class: "utrecht-table__header-cell", scope: "col" }, textOf(key));
      const cell = (...content: (Node | string)[]) => h("td", { class: "utrecht-table__cell" }, ...content);
      const action = (m: Match) => {
        if (m.linked && !m.direct) return cell(t("persons.linkedVia"));
        const unlink = m.linked;
        const b = h(
          "button",
          { type: "button", class: `utrecht-button ${unlink ? "utrecht-button--secondary-action" : "utrecht-button--primary-action"}`, "data-testid": `persons-${unlink ? "unlink" : "link"}-${m.id}` },
          t(unlink ? "persons.unlink" : "persons.link", { id: m.id }),
        );
        b.addEventListener("click", async () => {
          b.disabled = true;
          try {
            if (unlink) await request("DELETE", `/persons/${encodeURIComponent(id)}/links/${encodeURIComponent(m.id)}`);
            else await post(`/persons/${encodeURIComponent(id)}/links`, { other: m.id });
            await show(id, alertBox("ok", t(unlink ? "persons.unlinked" : "persons.linked", { id: m.id })));
          } catch (err) {
            b.disabled = false;
            result.prepend(alertBox("error", failure(err)));
          }
        });
        return cell(b);
      };
      result.append(
        h(
          "table",
          { class: "utrecht-table", "data-testid": "persons-matches" },
          h("caption", { class: "utrecht-table__caption" }, t("persons.matchesOf", { id })),
          h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, ["persons.id", "persons.who", "persons.organisations", "persons.status", "persons.action"].map(col))),
          h(
            "tbody",
            { class: "utrecht-table__body" },
            items.map((m) =>
              h(
                "tr",
                { class: "utrecht-table__row", "data-id": m.id },
                cell(m.id),
                cell(describe(m)),
                cell(m.organisations.map((o) => o.name || o.id).join(", ") || "–"),
                cell(t(m.linked ? "persons.isLinked" : "persons.isMatch")),
                action(m),
              ),
            ),
          ),
        ),
      );
    };

    search.form.addEventListener("submit", (e) => {
      e.preventDefault();
      person.setError(null);
      const id = person.input.value.trim();
      if (!id) {
        person.setError(t("persons.personRequired"));
        person.input.focus();
        return;
      }
      history.replaceState(null, "", `/personen?persoon=${encodeURIComponent(id)}`);
      void show(id);
    });

    main.append(
      h("h1", { class: "utrecht-heading-1", id: "persons-heading" }, t("persons.title")),
      h("p", { class: "utrecht-paragraph" }, t("persons.intro")),
      search.form,
      result,
    );
    focusHeading(main);
    const start = ctx.params.get("persoon");
    if (start) void show(start);
  },
});
