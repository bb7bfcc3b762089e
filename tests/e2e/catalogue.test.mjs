// The catalogue in Beheer (issue 5, "Administration: the catalogue"): beheer
// sees the activity types with their attributes, the indicators with their
// definitions and how they are counted, and the case types with their states,
// deadlines and steps; changes a label, which is saved to the server's copy
// of the catalogue and waits for the next start; a deadline of -1 is refused
// next to its field and leaves the file as it was. Other roles get no such
// screen, and the server refuses their change. On the shipped catalogue the
// screen only shows, and says how to start the server on a copy. axe-core
// finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startGrip, axe, api, menu, repo, unexpectedProblems } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const file = (name) => readFileSync(join(grip.catalogue, name), "utf8");

test("beheer views the catalogue, changes a label and a deadline, and sees a bad deadline refused", async () => {
  const page = await grip.signIn("beheerder");
  await menu(page, "Beheer");
  await page.getByRole("heading", { level: 1, name: "Beheer" }).waitFor();
  await page.getByRole("link", { name: "Naar de catalogus" }).click();
  await page.getByRole("heading", { level: 1, name: "Catalogus" }).waitFor();
  const status = page.getByTestId("catalogue-status");
  await status.getByText(/^De server draait op versie \w+ van de catalogus/).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the catalogue");

  // An activity type with its attributes.
  const visit = page.locator('details[data-catalogue="activity:huisbezoek"]');
  await visit.locator("summary").click();
  await visit.getByRole("cell", { name: "Misstand geconstateerd", exact: true }).waitFor();
  await visit.getByText("Huisbezoek, vaak binnen een integrale controle.").first().waitFor();
  // An indicator with its definition and how it is counted.
  const visitors = page.locator('details[data-catalogue="indicator:info.unieke_bezoekers"]');
  await visitors.locator("summary").click();
  await visitors.getByText("Aantal unieke personen (dezelfde BSN telt één keer)", { exact: false }).waitFor();
  // A case type with its states, deadlines and steps with their roles.
  const report = page.locator('details[data-catalogue="case-type:melding_overbewoning"]');
  await report.locator("summary").click();
  await report.locator('tr[data-state="triage"]').getByText("3 werkdagen").waitFor();
  await report.locator('tr[data-state="afgesloten"]').getByText("Eindtoestand").waitFor();
  await report.locator("tr", { hasText: "Huisbezoek plannen" }).getByText("Toezicht en handhaving").waitFor();
  assert.deepEqual(await axe(page), [], "axe with the items open");

  // A label changed: saved to the copy the server runs on, pending until the next start.
  const before = file("programme.json");
  await visit.getByLabel("Naam", { exact: true }).fill("Woningbezoek");
  await visit.getByLabel("Naam van kenmerk misstand", { exact: true }).fill("Misstand gezien");
  await visit.getByRole("button", { name: "Opslaan" }).click();
  await visit.getByText("Opgeslagen. De wijziging geldt nadat de server opnieuw is gestart.").waitFor();
  await visit.getByRole("cell", { name: "Misstand gezien", exact: true }).waitFor();
  await status.getByText(/^Opgeslagen, maar nog niet in gebruik: de server draait op versie \w+ .*opgeslagen is versie \w+/).waitFor();
  const saved = JSON.parse(file("programme.json")).activity_types.find((a) => a.code === "huisbezoek");
  assert.equal(saved.label, "Woningbezoek");
  assert.equal(saved.attributes.find((a) => a.name === "misstand").label, "Misstand gezien");
  assert.equal(file("programme.json.previous"), before);
  // The running server keeps its catalogue until it starts again.
  const running = await api(page, "GET", "/catalogue");
  assert.equal(running.body.activity_types.find((a) => a.code === "huisbezoek").label, "Huisbezoek");

  // A deadline of -1: refused next to its field, nothing saved.
  const workflows = file("workflows.json");
  const triage = report.locator('form[data-state-form="triage"]');
  await triage.getByLabel("Termijn in werkdagen").fill("-1");
  await triage.getByRole("button", { name: "Opslaan" }).click();
  await triage.getByText("Vul een heel aantal werkdagen in, van 1 tot en met 365.").waitFor();
  await triage.getByText("Niet opgeslagen: verbeter wat bij de velden staat.").waitFor();
  assert.equal(await triage.getByLabel("Termijn in werkdagen").getAttribute("aria-invalid"), "true");
  assert.equal(file("workflows.json"), workflows);
  assert.ok(!existsSync(join(grip.catalogue, "workflows.json.previous")));
  assert.deepEqual(await axe(page), [], "axe with the refused deadline");

  await triage.getByLabel("Termijn in werkdagen").fill("4");
  await triage.getByRole("button", { name: "Opslaan" }).click();
  await triage.getByText("Opgeslagen. De wijziging geldt nadat de server opnieuw is gestart.").waitFor();
  assert.equal(await triage.getByLabel("Termijn in werkdagen").getAttribute("aria-invalid"), null);
  await report.locator('tr[data-state="triage"]').getByText("4 werkdagen").waitFor();
  assert.equal(JSON.parse(file("workflows.json")).case_types.melding_overbewoning.states.triage.deadline_working_days, 4);
  assert.equal(file("workflows.json.previous"), workflows);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("other roles get no catalogue screen, and the server refuses their change", async () => {
  const page = await grip.signIn("adviseur");
  await page.goto("/beheer/catalogus");
  await page.getByTestId("not-allowed").waitFor();
  const refused = await api(page, "PATCH", "/catalogue/indicators/info.unieke_bezoekers", { label: "x" });
  assert.equal(refused.status, 403);
  // Reading is allowed: the definitions are no secret.
  const read = await api(page, "GET", "/catalogue/indicators");
  assert.equal(read.status, 200);
  assert.deepEqual(await axe(page), [], "axe on the refusal");
  await page.context().close();
});

test("on the shipped catalogue the screen shows it read-only and says how to change it", async () => {
  const shipped = await startGrip({ shippedCatalogue: true });
  try {
    const before = readFileSync(join(repo, "catalogue", "workflows.json"), "utf8");
    const page = await shipped.signIn("beheerder");
    await page.goto("/beheer/catalogus");
    await page.getByRole("heading", { level: 1, name: "Catalogus" }).waitFor();
    await page.getByTestId("catalogue-status").getByText("Start de server met een eigen, schrijfbare kopie", { exact: false }).waitFor();
    const report = page.locator('details[data-catalogue="case-type:melding_overbewoning"]');
    await report.locator("summary").click();
    await report.locator('tr[data-state="triage"]').getByText("3 werkdagen").waitFor();
    assert.equal(await page.locator("form").count(), 0, "no forms to change the catalogue");
    assert.deepEqual(await axe(page), [], "axe on the read-only catalogue");
    // The server refuses a change all the same, and the shipped file stays.
    const refused = await api(page, "PATCH", "/catalogue/case-types/melding_overbewoning/states/triage", { deadline_working_days: 4 });
    assert.equal(refused.status, 409);
    assert.equal(readFileSync(join(repo, "catalogue", "workflows.json"), "utf8"), before);
    await page.context().close();
  } finally {
    await shipped.stop();
  }
});
