// Deliveries: upload a file in the exchange format (NDJSON or CSV), follow
// its progress, see every rejected line with its message, and download the
// rejected lines (partial mode) to correct and deliver again.
import { ApiError, csrf } from "../api/client";
import { deliveries, DeliveryJob, deliveryJob, startDelivery, StoredDelivery } from "../api/grip";
import { focusHeading, may, registerScreen } from "../app";
import { h } from "../dom";
import { alertBox, field } from "../form";
import { formatNumber, hasText, t, textOf } from "../i18n";
import { localDateTime, timeElement } from "../time";
import { reasonText } from "../reasons";

const kinds = ["", "activity", "person", "address", "location", "organisation", "area", "aggregate", "milestone", "motion"];

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function jobResult(job: DeliveryJob): HTMLElement {
  const box = h("section", { class: "grip-job", "aria-labelledby": "job-heading", "data-testid": "delivery-result" });
  box.append(h("h2", { class: "utrecht-heading-2", id: "job-heading" }, t("deliveries.result", { file: job.file })));
  if (job.state === "failed") {
    box.append(alertBox("error", t("deliveries.failed")));
    return box;
  }
  const c = job.counts;
  const rejected = job.errors_total ?? 0;
  if (job.already_imported) box.append(alertBox("info", t("deliveries.already", { id: job.already_imported })));
  else if (job.committed) box.append(alertBox(rejected ? "warning" : "ok", rejected ? t("deliveries.partlyStored", { stored: c?.stored ?? 0, rejected }) : t("deliveries.stored", { stored: c?.stored ?? 0 })));
  else box.append(alertBox("error", t("deliveries.nothingStored", { rejected })));
  if (c) {
    box.append(
      h(
        "dl",
        { class: "grip-counts" },
        (["read", "stored", "replaced", "unchanged", "withdrawn", "rejected"] as const).map((k) => [
          h("dt", null, t(`deliveries.count.${k}`)),
          h("dd", null, formatNumber(c[k])),
        ]),
      ),
    );
  }
  if (job.errors && job.errors.length) {
    box.append(
      h(
        "table",
        { class: "utrecht-table grip-errors", "data-testid": "delivery-errors" },
        h("caption", { class: "utrecht-table__caption" }, t("deliveries.errorsCaption", { shown: job.errors.length, total: rejected })),
        h(
          "thead",
          { class: "utrecht-table__header" },
          h(
            "tr",
            { class: "utrecht-table__row" },
            h("th", { class: "utrecht-table__header-cell grip-num", scope: "col" }, t("deliveries.line")),
            h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("deliveries.field")),
            h("th", { class: "utrecht-table__header-cell", scope: "col" }, t("deliveries.message")),
          ),
        ),
        h(
          "tbody",
          { class: "utrecht-table__body" },
          job.errors.map((e) =>
            h(
              "tr",
              { class: "utrecht-table__row" },
              h("td", { class: "utrecht-table__cell grip-num" }, String(e.line)),
              h("td", { class: "utrecht-table__cell" }, h("code", null, e.field)),
              h("td", { class: "utrecht-table__cell" }, reasonText(e.message), h("span", { class: "grip-muted grip-original", lang: "en" }, ` (${e.message})`)),
            ),
          ),
        ),
      ),
    );
  }
  if (job.has_rejects) {
    box.append(
      h(
        "p",
        { class: "utrecht-paragraph" },
        h("a", { class: "utrecht-link", href: `/api/v1/deliveries/jobs/${encodeURIComponent(job.id)}/rejects`, download: `afgewezen-${job.file}` }, t("deliveries.downloadRejects")),
      ),
    );
  }
  return box;
}

function storedTable(items: StoredDelivery[]): HTMLElement {
  const rows = [...items].sort((a, b) => b.id - a.id).slice(0, 20);
  if (!rows.length) return h("p", { class: "utrecht-paragraph" }, t("deliveries.none"));
  const count = (d: StoredDelivery, k: string) => formatNumber(Number((d.counts as Record<string, number> | undefined)?.[k] ?? 0));
  return h(
    "table",
    { class: "utrecht-table" },
    h("caption", { class: "utrecht-table__caption" }, t("deliveries.listCaption")),
    h(
      "thead",
      { class: "utrecht-table__header" },
      h(
        "tr",
        { class: "utrecht-table__row" },
        ["deliveries.id", "deliveries.source", "deliveries.started", "deliveries.status", "deliveries.count.stored", "deliveries.count.rejected"].map((k, i) =>
          h("th", { class: `utrecht-table__header-cell${i === 0 || i >= 4 ? " grip-num" : ""}`, scope: "col" }, textOf(k)),
        ),
      ),
    ),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      rows.map((d) =>
        h(
          "tr",
          { class: "utrecht-table__row" },
          h("td", { class: "utrecht-table__cell grip-num" }, String(d.id)),
          h("td", { class: "utrecht-table__cell" }, String(d.source ?? "")),
          h("td", { class: "utrecht-table__cell" }, timeElement(String(d.started_at ?? ""), localDateTime(String(d.started_at ?? "")))),
          h("td", { class: "utrecht-table__cell", "data-status": String(d.status ?? "") }, hasText(`deliveries.states.${d.status}`) ? t(`deliveries.states.${d.status}`) : String(d.status ?? "")),
          h("td", { class: "utrecht-table__cell grip-num" }, count(d, "stored")),
          h("td", { class: "utrecht-table__cell grip-num" }, count(d, "rejected")),
        ),
      ),
    ),
  );
}

registerScreen({
  path: "/leveringen",
  titleKey: "deliveries.title",
  allowed: (s) => may(s, "deliveries.read") || may(s, "deliveries.write"),
  async render(main, ctx) {
    const s = ctx.session;
    main.append(h("h1", { class: "utrecht-heading-1" }, t("deliveries.title")));
    const result = h("div", { class: "grip-job-area" });
    if (may(s, "deliveries.write")) {
      const file = field({ label: t("deliveries.file"), name: "file", type: "file", description: t("deliveries.fileHelp"), attrs: { accept: ".ndjson,.jsonl,.csv,application/x-ndjson,text/csv" } });
      const kind = field({
        label: t("deliveries.kind"),
        name: "kind",
        description: t("deliveries.kindHelp"),
        options: kinds.map((k) => ({ value: k, label: k ? textOf(`kind.${k}`) : t("deliveries.kindFromFile") })),
      });
      const partialId = "delivery-partial";
      const partial = h("input", { type: "checkbox", id: partialId, name: "partial", class: "utrecht-checkbox utrecht-checkbox--html-input", "aria-describedby": `${partialId}-help` });
      const progress = h("progress", { class: "grip-progress", max: "100", value: "0", hidden: true, "aria-label": t("deliveries.progress") });
      const progressText = h("p", { class: "utrecht-paragraph", "aria-live": "polite" });
      const submit = h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t("deliveries.submit"));
      const form = h(
        "form",
        { class: "grip-form", novalidate: true },
        file.wrapper,
        kind.wrapper,
        h(
          "div",
          { class: "utrecht-form-field utrecht-form-field--checkbox grip-choice" },
          h("div", { class: "utrecht-form-field__input" }, partial),
          h("div", { class: "utrecht-form-field__label" }, h("label", { for: partialId, class: "utrecht-form-label utrecht-form-label--checkbox" }, t("deliveries.partial"))),
          h("p", { id: `${partialId}-help`, class: "utrecht-form-field-description" }, t("deliveries.partialHelp")),
        ),
        progress,
        progressText,
        submit,
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        file.setError(null);
        result.replaceChildren();
        const chosen = (file.input as HTMLInputElement).files?.[0];
        if (!chosen) {
          file.setError(t("deliveries.fileMissing"));
          file.input.focus();
          return;
        }
        if (!/\.(ndjson|jsonl|csv)$/i.test(chosen.name)) {
          file.setError(t("deliveries.fileType"));
          file.input.focus();
          return;
        }
        submit.disabled = true;
        progress.hidden = false;
        progress.value = 0;
        progressText.textContent = t("deliveries.uploading");
        try {
          const id = await startDelivery(chosen, { partial: partial.checked, kind: kind.input.value }, (f) => {
            progress.value = Math.round(f * 50);
          }, csrf());
          progressText.textContent = t("deliveries.checking");
          let job = await deliveryJob(id);
          while (job.state !== "done" && job.state !== "failed") {
            const total = job.progress.bytes_total || 1;
            progress.value = 50 + Math.round((job.progress.bytes_read / total) * 50);
            progressText.textContent = t("deliveries.lines", { lines: formatNumber(job.progress.lines) });
            await wait(250);
            job = await deliveryJob(id);
          }
          progress.value = 100;
          progressText.textContent = t("deliveries.finished");
          result.replaceChildren(jobResult(job));
          result.querySelector<HTMLElement>("h2")?.setAttribute("tabindex", "-1");
          result.querySelector<HTMLElement>("h2")?.focus();
          if (may(s, "deliveries.read")) list.replaceChildren(storedTable((await deliveries()).items));
        } catch (e) {
          const err = e as { status?: number; body?: { invalid_params?: { name: string; reason: string }[] } };
          const reason = err.body?.invalid_params?.[0]?.reason;
          if (reason) file.setError(reasonText(reason));
          else result.replaceChildren(alertBox("error", err.status === 413 ? t("deliveries.tooLarge") : e instanceof ApiError && e.status === 403 ? t("app.notAllowed") : t("app.failed")));
          progress.hidden = true;
          progressText.textContent = "";
        } finally {
          submit.disabled = false;
        }
      });
      main.append(h("p", { class: "utrecht-paragraph" }, t("deliveries.intro")), form, result);
    }
    const list = h("div", { class: "grip-delivery-list" });
    if (may(s, "deliveries.read")) {
      main.append(h("h2", { class: "utrecht-heading-2" }, t("deliveries.listTitle")), list);
      list.append(storedTable((await deliveries()).items));
    }
    focusHeading(main);
  },
});
