// The processing log (privacy officer): who read or changed which personal
// data, when, for what and with what result; filtered by actor, or the whole
// log of one person found by BSN (a request for access). The BSN goes in the
// request body, never in a URL; the person appears only as a pseudonym.
import { ApiError, get, post, request } from "../api/client";
import { focusHeading, may, registerScreen } from "../app";
import { clear, h } from "../dom";
import { alertBox, field, formOf, validBsn } from "../form";
import { hasText, t, textOf } from "../i18n";
import { localDateTime, timeElement } from "../time";

interface Entry {
  seq: number;
  time: string;
  actor: string;
  action: string;
  processing_activity: string;
  subject: string | null;
  record: string;
  result: string;
}

interface Page {
  items: Entry[];
  next_cursor: string | null;
}

function table(page: Page, caption: string): HTMLElement {
  if (!page.items.length) return h("p", { class: "utrecht-paragraph" }, t("log.empty"));
  const col = (key: string) => h("th", { class: "utrecht-table__header-cell", scope: "col" }, textOf(key));
  const cell = (text: string) => h("td", { class: "utrecht-table__cell" }, text);
  return h(
    "table",
    { class: "utrecht-table grip-log", "data-testid": "log" },
    h("caption", { class: "utrecht-table__caption" }, caption),
    h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, ["log.time", "log.actor", "log.action", "log.activity", "log.subject", "log.record", "log.result"].map(col))),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      page.items.map((e) =>
        h(
          "tr",
          { class: "utrecht-table__row" },
          h("td", { class: "utrecht-table__cell" }, timeElement(e.time, localDateTime(e.time))),
          cell(e.actor),
          cell(hasText(`log.actions.${e.action}`) ? textOf(`log.actions.${e.action}`) : e.action),
          cell(e.processing_activity),
          h("td", { class: "utrecht-table__cell" }, e.subject ? h("code", { title: e.subject }, `${e.subject.slice(0, 12)}…`) : "–"),
          cell(e.record),
          cell(hasText(`log.results.${e.result}`) ? textOf(`log.results.${e.result}`) : e.result),
        ),
      ),
    ),
  );
}

// The person's request for access: everything Grip holds about them, as a
// document for the person or as JSON. The BSN travels in the request body
// only; the file is made in the browser, never kept on a server.
function exportButtons(bsn: string): HTMLElement {
  const message = h("div", { "aria-live": "polite" });
  const button = (format: "html" | "json") => {
    const b = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action" }, t(`log.export.${format}`));
    b.addEventListener("click", async () => {
      message.replaceChildren();
      try {
        const body = await request<unknown>("POST", `/access-requests?format=${format}`, { body: { bsn } });
        const text = typeof body === "string" ? body : JSON.stringify(body, null, 2);
        const url = URL.createObjectURL(new Blob([text], { type: format === "html" ? "text/html" : "application/json" }));
        const link = h("a", { href: url, download: `inzage.${format}` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        message.replaceChildren(alertBox("ok", t("log.export.done")));
      } catch (err) {
        message.replaceChildren(alertBox("error", err instanceof ApiError && err.status === 403 ? t("app.notAllowed") : t("app.failed")));
      }
    });
    return b;
  };
  return h("div", { class: "grip-log-export" },
    h("p", { class: "utrecht-paragraph" }, t("log.export.intro")),
    h("p", { class: "utrecht-button-group" }, button("html"), button("json")),
    message);
}

registerScreen({
  path: "/verwerkingen",
  titleKey: "log.title",
  allowed: (s) => may(s, "log.read"),
  async render(main, ctx) {
    const actorParam = ctx.params.get("gebruiker") ?? "";
    const cursor = ctx.params.get("na") ?? "";
    const q = new URLSearchParams({ limit: "100" });
    if (actorParam) q.set("actor", actorParam);
    if (cursor) q.set("cursor", cursor);
    const page = await get<Page>(`/log?${q}`);

    const actor = field({ label: t("log.actor"), name: "actor", value: actorParam, autocomplete: "off", description: t("log.actorHelp") });
    const filter = formOf({ "aria-labelledby": "log-filter-heading" }, [actor.wrapper], t("log.filter"));
    filter.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const next = new URLSearchParams();
      if (actor.input.value.trim()) next.set("gebruiker", actor.input.value.trim());
      ctx.navigate(`/verwerkingen${next.size ? `?${next}` : ""}`);
    });

    const bsn = field({ label: t("log.bsn"), name: "bsn", inputmode: "numeric", autocomplete: "off", description: t("log.bsnHelp") });
    const search = formOf({ "aria-labelledby": "log-person-heading" }, [bsn.wrapper], t("log.search"));
    const personResult = h("div", { class: "grip-log-person" });
    search.form.addEventListener("submit", async (e) => {
      e.preventDefault();
      bsn.setError(null);
      clear(personResult);
      const value = bsn.input.value.replace(/\s/g, "");
      if (!validBsn(value)) {
        bsn.setError(t("reason.bsn"));
        bsn.input.focus();
        return;
      }
      try {
        const found = await post<Page>("/log/search", { bsn: value });
        personResult.append(table(found, t("log.personCaption", { count: found.items.length })));
        if (may(ctx.session, "access_request.export")) personResult.append(exportButtons(value));
      } catch (err) {
        search.message.replaceChildren(alertBox("error", err instanceof ApiError && err.status === 403 ? t("app.notAllowed") : t("app.failed")));
      }
    });

    const next = page.next_cursor
      ? h("p", { class: "utrecht-paragraph" }, h("a", { class: "utrecht-link", "data-nav": true, href: `/verwerkingen?${new URLSearchParams({ ...(actorParam ? { gebruiker: actorParam } : {}), na: page.next_cursor })}` }, t("log.next")))
      : null;
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("log.title")),
      h("p", { class: "utrecht-paragraph" }, t("log.intro")),
      h("h2", { class: "utrecht-heading-2", id: "log-person-heading" }, t("log.person")),
      search.form,
      personResult,
      h("h2", { class: "utrecht-heading-2", id: "log-filter-heading" }, t("log.all")),
      filter.form,
      table(page, actorParam ? t("log.captionActor", { actor: actorParam }) : t("log.caption")),
      ...(next ? [next] : []),
    );
    focusHeading(main);
  },
});
