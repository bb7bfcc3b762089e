// Takes the screenshots of the main screens for docs/ (not a test):
//   node tests/e2e/screenshots.mjs      (after building Grip and its web interface)
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startGrip, menu, api, step, state, repo, thisYear } from "./harness.mjs";

const out = join(repo, "docs", "screenshots");
mkdirSync(out, { recursive: true });
const grip = await startGrip();
try {
  const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  const desk = await grip.signIn("balie");
  await desk.setViewportSize({ width: 1280, height: 800 });
  await desk.context().clearCookies();
  await desk.goto("/");
  await desk.getByLabel("Gebruikersnaam").waitFor();
  await shot(desk, "aanmelden");
  await desk.context().close();

  const page = await grip.signIn("balie");
  await page.setViewportSize({ width: 1280, height: 800 });
  await menu(page, "Registreren");
  await page.getByLabel("Soort registratie").selectOption({ label: "Bezoek aan een informatiepunt" });
  await page.locator('form[data-form="activity:infopunt_bezoek"]').waitFor();
  await page.getByLabel("BSN (als de persoon het heeft)").fill("123456788");
  await page.getByLabel("BSN (als de persoon het heeft)").press("Enter");
  await page.getByText("Dit is geen geldig BSN").waitFor();
  await shot(page, "registreren");
  // A search by BSN, so that the processing log has something to show.
  await page.getByLabel("BSN (als de persoon het heeft)").fill("111222333");
  await page.getByLabel("BSN (als de persoon het heeft)").press("Enter");
  await page.getByText(/Niemand gevonden|Gevonden/).first().waitFor();
  await page.getByRole("button", { name: "Registreren", exact: true }).click();
  await page.getByText(/^Opgeslagen:/).waitFor();
  await page.context().close();

  const adviser = await grip.signIn("adviseur");
  await adviser.setViewportSize({ width: 1280, height: 800 });
  await adviser.goto(`/dashboard?periode=${thisYear - 1}`);
  await adviser.locator(".grip-chart canvas").waitFor();
  await adviser.locator('tr[data-indicator="info.unieke_bezoekers"] summary').click();
  await shot(adviser, "dashboard");
  await adviser.goto(`/rapportage?jaar=${thisYear - 1}`);
  await adviser.getByRole("heading", { level: 2, name: "Voorbeeld" }).waitFor();
  await adviser.screenshot({ path: join(out, "rapportage.png") });
  await adviser.context().close();

  // The region: Rotterdam and 's-Gravenhage side by side and summed.
  const region = await grip.signIn("regio", "Regio");
  await region.setViewportSize({ width: 1280, height: 800 });
  await region.locator('table[data-theme="info"]').waitFor();
  await region.locator('tr[data-indicator="info.unieke_bezoekers"] summary').click();
  await shot(region, "regio");
  await region.context().close();

  const partner = await grip.signIn("partner");
  await partner.setViewportSize({ width: 1280, height: 800 });
  await menu(partner, "Leveringen");
  const bad = JSON.stringify({ kind: "activity", id: "DOC-1", type: "banenmarkt", date: "1 maart", organisation: grip.places.partner, count: 7 });
  const good = JSON.stringify({ kind: "activity", id: "DOC-2", type: "banenmarkt", date: `${thisYear}-03-01`, organisation: grip.places.partner, count: 12 });
  await partner.getByLabel("Bestand").setInputFiles({ name: "levering.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(`${good}\n${bad}\n`) });
  await partner.getByRole("button", { name: "Leveren" }).click();
  await partner.getByTestId("delivery-errors").waitFor();
  await shot(partner, "leveringen");
  await partner.context().close();

  const admin = await grip.signIn("beheerder");
  await admin.setViewportSize({ width: 1280, height: 800 });
  await menu(admin, "Beheer");
  await admin.getByTestId("users").waitFor();
  await shot(admin, "beheer");
  await admin.getByRole("link", { name: "Naar de catalogus" }).click();
  await admin.getByTestId("catalogue-status").waitFor();
  await admin.locator('details[data-catalogue^="activity:"] summary').first().click();
  await admin.screenshot({ path: join(out, "catalogus.png") });
  await admin.context().close();

  // Casework: a report of overcrowding in progress, the queue, the register, the covenant.
  const inspector = await grip.signIn("inspecteur");
  await inspector.setViewportSize({ width: 1280, height: 800 });
  const opened = await api(inspector, "POST", "/cases", {
    type: "melding_overbewoning",
    record: { id: "MEL-DOC-1", type: "melding_overbewoning", date: `${thisYear}-03-02`, address: grip.places.address, organisation: grip.places.inspectorate, attributes: { bron: "buurtbewoner" } },
  });
  await inspector.goto(`/zaak?id=${opened.body.id}`);
  await step(inspector, "Triage starten", "triage");
  await state(inspector, "Triage");
  await step(inspector, "Onderzoek starten", "onderzoeken");
  await state(inspector, "In onderzoek");
  await inspector.getByTestId("case-actions").locator("ul").getByRole("button", { name: "Huisbezoek plannen", exact: true }).click();
  await inspector.locator('form[data-step="huisbezoek_plannen"]').waitFor();
  await shot(inspector, "zaak");
  await menu(inspector, "Zaken");
  await inspector.getByTestId("cases").waitFor();
  await shot(inspector, "zaken");
  await inspector.context().close();

  const keeper = await grip.signIn("adviseur");
  await keeper.setViewportSize({ width: 1280, height: 800 });
  await menu(keeper, "Moties");
  await keeper.getByTestId("motions").waitFor();
  await shot(keeper, "moties");
  await menu(keeper, "Convenant");
  await keeper.getByTestId("partners").waitFor();
  await shot(keeper, "convenant");
  await keeper.context().close();

  const officer = await grip.signIn("fg");
  await officer.setViewportSize({ width: 1280, height: 800 });
  await menu(officer, "Verwerkingenlogboek");
  await officer.getByTestId("log").waitFor();
  await officer.screenshot({ path: join(out, "verwerkingen.png") });
  await officer.context().close();
} finally {
  await grip.stop();
}
console.log(`screenshots in ${out}`);
