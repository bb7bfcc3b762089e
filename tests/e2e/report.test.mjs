// The policy adviser edits a text block of the progress report, sees it in
// the preview and downloads the report as HTML and Markdown. The adviser's
// role (beleid) sees no personal data anywhere: no names, no BSNs. The privacy
// officer reads the processing log, of all and of one person.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startGrip, axe, menu, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const year = thisYear - 1;

test("edit a text block, see it in the preview, download HTML and Markdown", async () => {
  const page = await grip.signIn("adviseur");
  await menu(page, "Voortgangsrapportage");
  await page.getByRole("heading", { level: 1, name: `Voortgangsrapportage ${year}` }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Voorbeeld" }).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the report screen");

  const text = `In ${year} is de aanpak verder uitgebreid (e2e ${Date.now()}).`;
  const block = page.getByLabel("Toelichting", { exact: true });
  await block.fill(text);
  await page.getByRole("button", { name: "Opslaan: Toelichting" }).click();
  await page.getByText("Opgeslagen. Het voorbeeld hieronder is bijgewerkt.").waitFor();
  await page.locator(".grip-report-preview").getByText(text).waitFor();

  for (const [name, pattern] of [["Download als HTML (om te printen)", /<html/i], ["Download als Markdown", /^# /m]]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    const content = readFileSync(await download.path(), "utf8");
    assert.match(content, pattern, name);
    assert.ok(content.includes(text), `${name} holds the edited text`);
    assert.match(download.suggestedFilename(), new RegExp(`voortgangsrapportage-${year}\\.(html|md)`));
  }
  // Stored on the server: a fresh visit shows it.
  await page.reload();
  assert.equal(await page.getByLabel("Toelichting", { exact: true }).inputValue(), text);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a block to write is marked until written, and a year starts from last year's texts", async () => {
  const page = await grip.signIn("adviseur");
  await page.goto(`/rapportage?jaar=${year}`);
  const block = page.getByLabel("Financiële paragraaf", { exact: true });
  await block.waitFor();
  await page.getByText(/moeten nog geschreven worden voordat de rapportage ter goedkeuring kan/).waitFor();
  assert.match(await page.locator("form[data-block=financieel]").innerText(), /Nog te schrijven/);
  const text = `Geen financiële consequenties in ${year} (e2e ${Date.now()}).`;
  await block.fill(text);
  await page.getByRole("button", { name: "Opslaan: Financiële paragraaf" }).click();
  await page.getByText("Opgeslagen. Het voorbeeld hieronder is bijgewerkt.").waitFor();
  await page.reload();
  await block.waitFor();
  assert.doesNotMatch(await page.locator("form[data-block=financieel]").innerText(), /Nog te schrijven/);

  // The next year starts from this year's written texts.
  await page.goto(`/rapportage?jaar=${year + 1}`);
  await page.getByRole("heading", { level: 1, name: `Voortgangsrapportage ${year + 1}` }).waitFor();
  assert.equal(await page.getByLabel("Financiële paragraaf", { exact: true }).inputValue(), "");
  await page.getByRole("button", { name: `Teksten van ${year} overnemen als begin` }).click();
  await page.waitForFunction(
    (expected) => document.querySelector("form[data-block=financieel] textarea")?.value === expected, text);
  assert.deepEqual(await axe(page), [], "axe on the report screen with its blocks to write");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a role without personal data (beleid) sees none of it", async () => {
  // A person with a name and a BSN, registered at the desk.
  const desk = await grip.signIn("balie");
  const bsn = "111222333";
  await menu(desk, "Registreren");
  await desk.getByLabel("Soort registratie").selectOption({ label: "Bezoek aan een informatiepunt" });
  await desk.locator('form[data-form="activity:infopunt_bezoek"]').waitFor();
  await desk.getByLabel("BSN (als de persoon het heeft)").fill(bsn);
  await desk.getByLabel("BSN (als de persoon het heeft)").press("Enter");
  await desk.getByText(/Niemand gevonden|Gevonden/).first().waitFor();
  if (await desk.getByLabel("Voornaam").isVisible()) {
    await desk.getByLabel("Voornaam").fill("Zichtbaaralleenvoordebalie");
    await desk.getByLabel("Achternaam").fill("Geheim");
  }
  await desk.getByRole("button", { name: "Registreren" }).click();
  await desk.getByText(/^Opgeslagen:/).waitFor();
  await desk.context().close();

  const page = await grip.signIn("adviseur");
  const nav = page.getByRole("navigation", { name: "Hoofdmenu" });
  // It registers milestones, nothing about a person.
  await page.goto("/registratie");
  await page.locator('form[data-form="milestone"]').waitFor();
  assert.deepEqual(await page.getByLabel("Soort registratie").locator("option").allTextContents(), ["Mijlpaal"], "only the milestone");
  const seen = [];
  for (const name of ["Dashboard", "Leveringen", "Zaken", "Moties", "Convenant", "Voortgangsrapportage"]) {
    await menu(page, name);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForLoadState("networkidle");
    seen.push(await page.locator("body").innerText());
  }
  const all = seen.join("\n");
  assert.ok(!all.includes("Zichtbaaralleenvoordebalie") && !all.includes("Geheim"), "no name");
  assert.ok(!all.includes(bsn), "no BSN");
  // And the server gives the role none either: persons come without sealed fields.
  const persons = await page.evaluate(async () => (await (await fetch("/api/v1/records/person?limit=500")).json()).items);
  assert.ok(persons.length > 0);
  for (const p of persons) for (const field of ["bsn", "given_name", "family_name"]) assert.equal(p[field], undefined, field);
  await page.context().close();
});

test("the privacy officer reads the processing log and answers a request for access", async () => {
  // A person registered at the desk, then read back by BSN: both are logged.
  const desk = await grip.signIn("balie");
  const bsn = "222333443";
  await menu(desk, "Registreren");
  await desk.getByLabel("Soort registratie").selectOption({ label: "Bezoek aan een informatiepunt" });
  await desk.locator('form[data-form="activity:infopunt_bezoek"]').waitFor();
  await desk.getByLabel("BSN (als de persoon het heeft)").fill(bsn);
  await desk.getByLabel("BSN (als de persoon het heeft)").press("Enter");
  await desk.getByText(/Niemand gevonden|Gevonden/).first().waitFor();
  await desk.getByRole("button", { name: "Registreren" }).click();
  await desk.getByText(/^Opgeslagen:/).waitFor();
  await desk.context().close();

  const page = await grip.signIn("fg");
  await menu(page, "Verwerkingenlogboek");
  await page.getByRole("heading", { level: 1, name: "Verwerkingenlogboek" }).waitFor();
  await page.getByTestId("log").waitFor();
  await page.getByLabel("Gebruiker").fill("balie");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByText("Verwerkingen door balie, oudste eerst").waitFor();
  assert.ok((await page.getByTestId("log").locator("tbody tr").count()) >= 2);
  await page.getByLabel("BSN van de persoon").fill(bsn);
  await page.getByRole("button", { name: "Zoek in het logboek" }).click();
  await page.getByText(/^Verwerkingen van deze persoon \([1-9]\d*\)$/).waitFor();
  assert.ok(!page.url().includes(bsn), "no BSN in the URL");
  assert.ok(!(await page.locator("body").innerText()).includes(bsn), "no BSN on the page");
  assert.deepEqual(await axe(page), [], "axe on the processing log");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
