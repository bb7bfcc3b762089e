// A chain partner delivers a file with a bad line: all or nothing shows
// every rejected line with its message and stores nothing; partial mode
// stores the good line and offers the rejected lines for download.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startGrip, axe, menu, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

function delivery() {
  const good = JSON.stringify({ kind: "activity", id: "E2E-BM-1", type: "banenmarkt", date: `${thisYear}-03-01`, organisation: grip.places.partner, count: 12 });
  const bad = JSON.stringify({ kind: "activity", id: "E2E-BM-2", type: "banenmarkt", date: "1 maart", organisation: grip.places.partner, count: 7 });
  return { good, bad, text: `${good}\n${bad}\n` };
}

async function upload(page, name, text, partial) {
  await page.getByLabel("Bestand").setInputFiles({ name, mimeType: "application/x-ndjson", buffer: Buffer.from(text) });
  if (partial) await page.getByLabel("Goede regels opslaan, foute regels apart zetten").check();
  await page.getByRole("button", { name: "Leveren" }).click();
  await page.getByRole("heading", { level: 2, name: `Resultaat van ${name}` }).waitFor();
}

test("every rejected line with its message; partial mode and the rejects to download", async () => {
  const page = await grip.signIn("partner");
  await menu(page, "Leveringen");
  await page.getByRole("heading", { level: 1, name: "Leveringen" }).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the upload form");

  // No file chosen: the message stands next to the field.
  await page.getByRole("button", { name: "Leveren" }).click();
  await page.getByText("Kies een bestand om te leveren.").waitFor();

  const { bad, text } = delivery();
  await upload(page, "levering.ndjson", text, false);
  const result = page.getByTestId("delivery-result");
  await result.getByText("Niets opgeslagen: 1 regels zijn afgewezen.").waitFor();
  const errors = page.getByTestId("delivery-errors");
  const cells = await errors.locator("tbody tr").first().locator("td").allTextContents();
  assert.equal(cells[0], "2");
  assert.equal(cells[1], "date");
  assert.match(cells[2], /^Vul een geldige datum in\./);
  assert.deepEqual(await axe(page), [], "axe on the result with errors");

  await upload(page, "levering-deels.ndjson", text, true);
  await result.getByText("Gedeeltelijk opgeslagen: 1 records opgeslagen, 1 regels afgewezen.").waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download de afgewezen regels" }).click(),
  ]);
  const rejects = readFileSync(await download.path(), "utf8");
  assert.equal(rejects.trim(), bad, "the rejected line as it was delivered");
  // The earlier deliveries: the stored one is listed.
  await page.locator(".grip-delivery-list tbody tr").first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
