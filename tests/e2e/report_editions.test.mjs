// The policy adviser takes last year's progress report through its approval:
// writes the block the approval waits for, gives the civil service's
// agreement, records the college's decision (date and number: the edition is
// frozen) and the sending to the council. Then a partner delivers late, and
// the adviser sees the changed figure with its frozen and live value and the
// delivery that changed it, while the frozen file stays as it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startGrip, axe, menu, thisYear, unexpectedProblems } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const year = thisYear - 1;

function stepForm(page, key) {
  return page.locator("form.grip-approval__step", { has: page.locator(`button[data-step="${key}"]`) });
}

async function takeStep(page, key, fill) {
  const form = stepForm(page, key);
  await form.waitFor();
  if (fill) await fill(form);
  await form.locator(`button[data-step="${key}"]`).click();
}

const number = (text) => Number(text.replace(/\./g, "").replace(",", "."));

test("from concept to sent, then a late delivery shows in the diff", async () => {
  const page = await grip.signIn("adviseur");
  await menu(page, "Voortgangsrapportage");
  await page.getByRole("heading", { level: 1, name: `Voortgangsrapportage ${year}` }).waitFor();
  const editions = page.locator(".grip-report-editions");
  await editions.getByRole("heading", { level: 2, name: "Vaststelling en vastgestelde versies" }).waitFor();
  await editions.getByText("De vaststelling van deze rapportage is nog niet gestart.").waitFor();
  assert.deepEqual(await axe(page), [], "axe on the report screen with its approval");

  await editions.getByRole("button", { name: "Vaststelling starten" }).click();
  await editions.getByText("Stand van de vaststelling: Concept").waitFor();

  // The financial paragraph has no default: the approval names it.
  await takeStep(page, "ambtelijk_akkoord");
  const refusal = editions.locator(".utrecht-alert, [role=alert]", { hasText: "kan nog niet verder" }).first();
  await refusal.waitFor();
  const message = await refusal.innerText();
  assert.match(message, /financieel/);
  const blocks = message.slice(message.indexOf("geschreven: ") + 12).trim().replace(/\.$/, "").split(",").map((b) => b.trim());
  for (const block of blocks) {
    const form = page.locator(`form[data-block="${block}"]`);
    await form.locator("textarea").fill(`Tekst voor ${block} (e2e).`);
    await form.getByRole("button").click();
    await form.getByText("Opgeslagen. Het voorbeeld hieronder is bijgewerkt.").waitFor();
  }

  await takeStep(page, "ambtelijk_akkoord");
  await editions.getByText("Stand van de vaststelling: Ambtelijk akkoord").waitFor();
  await takeStep(page, "vaststellen", async (form) => {
    await form.getByLabel("Datum").fill(`${thisYear}-03-12`);
    await form.getByLabel("Besluitnummer van het college").fill("2026/117");
  });
  await editions.getByText("Stand van de vaststelling: Vastgesteld door het college").waitFor();
  const row = editions.locator("[data-testid=editions] tbody tr");
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.first().innerText(), /2026\/117/);
  await editions.getByText("Geen enkel cijfer is veranderd sinds de vastgestelde versie.").waitFor();
  await takeStep(page, "verzenden", async (form) => form.getByLabel("Datum").fill(`${thisYear}-03-19`));
  await editions.getByText("Stand van de vaststelling: Verzonden aan de raad").waitFor();
  assert.deepEqual(await axe(page), [], "axe after the approval");

  const editionId = await row.first().getAttribute("data-edition");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`edition-${editionId}-intern-md`).click()]);
  const frozenMd = readFileSync(await download.path(), "utf8");
  assert.match(frozenMd, /^# /m);

  // A partner's late delivery: a job market of last year with its reach.
  const partner = await grip.signIn("partner");
  await menu(partner, "Leveringen");
  const late = JSON.stringify({ kind: "activity", id: "E2E-LAAT-1", type: "banenmarkt", date: `${year}-11-20`, organisation: grip.places.partner, count: 12 });
  await partner.getByLabel("Bestand").setInputFiles({ name: "laat.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(late + "\n") });
  await partner.getByRole("button", { name: "Leveren" }).click();
  await partner.getByRole("heading", { level: 2, name: "Resultaat van laat.ndjson" }).waitFor();
  await partner.getByTestId("delivery-result").getByText(/opgeslagen/i).first().waitFor();
  await partner.context().close();

  await page.reload();
  const diff = page.getByTestId("diff");
  await diff.getByRole("heading", { level: 3, name: "Wat is er veranderd sinds de vastgestelde versie" }).waitFor();
  const changed = diff.locator(`tr[data-indicator="werk.banenmarkt_bereik"][data-period="${year}"]`).first();
  await changed.waitFor();
  const frozen = number(await changed.getByTestId("frozen").innerText());
  const live = number(await changed.getByTestId("live").innerText());
  assert.equal(live - frozen, 12, "the late reach, frozen and live side by side");
  assert.match(await changed.innerText(), /laat\.ndjson/);
  assert.deepEqual(await axe(page), [], "axe on the diff");

  // The frozen file did not change.
  const [again] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`edition-${editionId}-intern-md`).click()]);
  assert.equal(readFileSync(await again.path(), "utf8"), frozenMd);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
