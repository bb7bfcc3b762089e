// The policy adviser takes the progress report as the documents that go to
// the council: Word and PDF from the Rapportage screen, for the internal and
// the public edition, and sees the report's charts in the preview with
// their numbers in words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startGrip, axe, menu, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const year = thisYear - 1;

test("the adviser sees the charts with their text and downloads Word and PDF", async () => {
  const page = await grip.signIn("adviseur");
  await menu(page, "Voortgangsrapportage");
  await page.getByRole("heading", { level: 1, name: `Voortgangsrapportage ${year}` }).waitFor();
  const preview = page.locator(".grip-report-preview");
  await preview.waitFor();

  // A chart: an image whose name holds its numbers, with the same sentence as its caption.
  const chart = preview.locator("figure").filter({ has: page.locator('svg[role="img"]') }).first();
  await chart.waitFor();
  const label = await chart.locator("svg").getAttribute("aria-label");
  assert.match(label, new RegExp(`per jaar: .*${year}: \\d`), "the chart's text alternative holds its numbers");
  assert.equal((await chart.locator("figcaption").innerText()).trim(), label, "the caption says the same");
  assert.ok(await page.getByRole("img", { name: label }).first().isVisible(), "an image with that name");
  assert.ok((await preview.locator("svg").count()) > 5, "a chart per indicator");
  assert.deepEqual(await axe(page), [], "axe on the report screen with its charts");

  const downloads = [
    ["Download als Word (intern)", "PK\x03\x04", `voortgangsrapportage-${year}.docx`],
    ["Download als PDF (intern)", "%PDF-", `voortgangsrapportage-${year}.pdf`],
    ["Download als Word (openbaar)", "PK\x03\x04", `voortgangsrapportage-${year}-openbaar.docx`],
    ["Download als PDF (openbaar)", "%PDF-", `voortgangsrapportage-${year}-openbaar.pdf`],
  ];
  for (const [name, magic, file] of downloads) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, magic.length).toString("latin1"), magic, `${name}: the file's magic bytes`);
    assert.ok(bytes.length > 10000, `${name}: ${bytes.length} bytes`);
    assert.equal(download.suggestedFilename(), file);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
