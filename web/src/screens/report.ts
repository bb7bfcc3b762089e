// The progress report to the council: a preview of a year from the live
// figures with its charts, its editable text blocks, and downloads as HTML,
// Markdown, Word, PDF and spreadsheet.
import { ApiError } from "../api/client";
import { copyReportTexts, reportHtml, reportTexts, reportUrl, saveReportText } from "../api/grip";
import { focusHeading, may, registerScreen } from "../app";
import { h } from "../dom";
import { alertBox, field } from "../form";
import { hasText, t, textOf } from "../i18n";
import { localDateTime } from "../time";
import { reportEditions } from "./report_editions";

// The report's body, without anything that could run or restyle the page
// (the server made it; the interface still shows only its text and structure).
function previewOf(html: string): HTMLElement {
  // Style elements and attributes go before parsing: the page's CSP forbids them.
  const clean = html.replace(/<style[\s\S]*?<\/style>/gi, "").replace(/\sstyle="[^"]*"/gi, "");
  const doc = new DOMParser().parseFromString(clean, "text/html");
  for (const el of doc.querySelectorAll("script, style, link, iframe, object, embed, form, img, foreignObject, svg a, svg use, svg image")) el.remove();
  for (const el of doc.body.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      if (attr.name.startsWith("on") || attr.name === "style" || attr.name === "id" || attr.name.endsWith("href") && !attr.value.startsWith("#")) el.removeAttribute(attr.name);
    }
  }
  // Headings one level down: the screen's own h1 stays the only one.
  const box = h("div", { class: "grip-report-preview" });
  for (const node of [...doc.body.childNodes]) box.appendChild(document.importNode(node, true));
  for (const level of [5, 4, 3, 2, 1]) {
    for (const el of box.querySelectorAll(`h${level}`)) {
      const next = document.createElement(`h${Math.min(6, level + 1)}`);
      next.append(...el.childNodes);
      el.replaceWith(next);
    }
  }
  // The letter's landmarks become plain blocks inside the screen's own main.
  for (const el of box.querySelectorAll("main, header, footer, nav, aside, section, article")) {
    const div = document.createElement("div");
    div.className = el.className;
    div.append(...el.childNodes);
    el.replaceWith(div);
  }
  for (const table of box.querySelectorAll("table")) table.classList.add("utrecht-table");
  return box;
}

// The documents staff pass on (Word, PDF, spreadsheet), for both editions.
function documentDownloads(year: number): HTMLElement {
  const list = h("ul", { class: "utrecht-unordered-list grip-downloads", "aria-label": t("report.documents") });
  for (const edition of ["intern", "openbaar"] as const) {
    for (const format of ["docx", "pdf", "xlsx"] as const) {
      const file = `voortgangsrapportage-${year}${edition === "openbaar" ? "-openbaar" : ""}.${format}`;
      list.append(h("li", { class: "utrecht-unordered-list__item" }, h("a", { class: "utrecht-link", href: reportUrl(year, format, edition), download: file, "data-testid": `download-${format}-${edition}` }, t(`report.download.${format}.${edition}`))));
    }
  }
  return list;
}

registerScreen({
  path: "/rapportage",
  titleKey: "report.title",
  allowed: (s) => may(s, "reports.read"),
  async render(main, ctx) {
    const s = ctx.session;
    const yearParam = Number(ctx.params.get("jaar"));
    const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : new Date().getFullYear() - 1;

    const yearField = field({ label: t("report.year"), name: "year", type: "number", value: String(year), inputmode: "numeric", attrs: { min: "2000", max: "2100" } });
    const chooser = h(
      "form",
      { class: "grip-form grip-chooser", "aria-label": t("report.choose") },
      yearField.wrapper,
      h("div", { class: "grip-chooser__submit" }, h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("report.show"))),
    );
    chooser.addEventListener("submit", (e) => {
      e.preventDefault();
      const y = Number(yearField.input.value);
      if (!Number.isInteger(y) || y < 2000 || y > 2100) {
        yearField.setError(t("dashboard.yearInvalid"));
        yearField.input.focus();
        return;
      }
      ctx.navigate(`/rapportage?jaar=${y}`);
    });

    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("report.titleYear", { year })),
      chooser,
      h(
        "ul",
        { class: "utrecht-unordered-list grip-downloads" },
        h("li", { class: "utrecht-unordered-list__item" }, h("a", { class: "utrecht-link", href: reportUrl(year, "html"), download: `voortgangsrapportage-${year}.html`, "data-testid": "download-html" }, t("report.downloadHtml"))),
        h("li", { class: "utrecht-unordered-list__item" }, h("a", { class: "utrecht-link", href: reportUrl(year, "md"), download: `voortgangsrapportage-${year}.md`, "data-testid": "download-md" }, t("report.downloadMd"))),
      ),
      documentDownloads(year),
    );

    const [texts, html] = await Promise.all([reportTexts(year), reportHtml(year)]);
    const preview = h("section", { class: "grip-report", "aria-labelledby": "preview-heading" }, h("h2", { class: "utrecht-heading-2", id: "preview-heading" }, t("report.preview")), previewOf(html));

    const blocks = h("section", { class: "grip-text-blocks", "aria-labelledby": "blocks-heading" }, h("h2", { class: "utrecht-heading-2", id: "blocks-heading" }, t("report.blocks")));
    const editable = may(s, "reports.edit");
    if (!texts.items.length) blocks.append(h("p", { class: "utrecht-paragraph" }, t("report.noBlocks")));
    const unwritten = texts.items.filter((item) => item.unwritten).length;
    if (unwritten) blocks.append(alertBox("warning", t("report.unwrittenCount", { count: unwritten })));
    if (editable) {
      // Last year's written blocks as a start; this year's own texts stay.
      const copyMessage = h("div", { class: "grip-form-message", "aria-live": "polite" });
      const copyButton = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action", "data-testid": "copy-texts" }, t("report.copyFrom", { year: year - 1 }));
      copyButton.addEventListener("click", async () => {
        copyButton.disabled = true;
        try {
          const done = await copyReportTexts(year, year - 1);
          if (!done.copied.length) {
            copyMessage.replaceChildren(alertBox("ok", t("report.copiedNone", { year: year - 1 })));
            copyButton.disabled = false;
            return;
          }
          // Shown again with the texts taken over.
          ctx.navigate(`/rapportage?jaar=${year}`, true);
        } catch (err) {
          copyMessage.replaceChildren(alertBox("error", err instanceof ApiError && err.status === 403 ? t("app.notAllowed") : t("app.failed")));
          copyButton.disabled = false;
        }
      });
      blocks.append(h("div", { class: "grip-text-copy" }, copyButton, copyMessage));
    }
    for (const item of texts.items) {
      const label = item.block.startsWith("motie.")
        ? t("report.blockMotion", { id: item.block.slice(6) })
        : hasText(`report.block.${item.block}`) ? textOf(`report.block.${item.block}`) : item.block;
      const area = field({
        label,
        name: `block-${item.block}`,
        textarea: true,
        rows: 5,
        value: item.text ?? "",
        description: [
          item.unwritten ? t("report.unwritten") : item.updated_at ? t("report.updated", { when: localDateTime(item.updated_at) }) : t("report.default"),
          item.hint ?? "",
        ].filter(Boolean).join(" "),
        attrs: editable ? {} : { readonly: "" },
      });
      const message = h("div", { class: "grip-form-message", "aria-live": "polite" });
      const form = h("form", { class: "grip-form grip-text-block", "data-block": item.block, novalidate: true }, area.wrapper, message);
      if (editable) {
        const save = h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t("report.save", { block: label }));
        form.append(save);
        form.addEventListener("submit", async (e) => {
          e.preventDefault();
          area.setError(null);
          message.replaceChildren();
          const text = area.input.value;
          if (text.length > 20000) {
            area.setError(t("report.tooLong"));
            area.input.focus();
            return;
          }
          save.disabled = true;
          try {
            await saveReportText(year, item.block, text);
            message.replaceChildren(alertBox("ok", t("report.saved")));
            preview.replaceChildren(h("h2", { class: "utrecht-heading-2", id: "preview-heading" }, t("report.preview")), previewOf(await reportHtml(year)));
          } catch (err) {
            message.replaceChildren(alertBox("error", err instanceof ApiError && err.status === 403 ? t("app.notAllowed") : t("app.failed")));
          } finally {
            save.disabled = false;
          }
        });
      }
      blocks.append(form);
    }
    main.append(blocks, reportEditions(year, s), preview);
    focusHeading(main);
  },
});
