// Casework (issue 5, "Cases"): an inspector registers a report of
// overcrowding and moves its case through every state in the interface,
// with a refused step's reason next to its field, the home visit registered
// on the case's page (linked to the report, no page reload), a stale page
// refused, a note, a link and the assignment, the immutable history, and the
// closed case reopened with a reason; a policy adviser sees the same case
// without its texts and without actions. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGrip, axe, menu, unexpectedProblems, api, step, state, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

let caseId;
let reportId;

test("an inspector moves a report of overcrowding through its states", async () => {
  const page = await grip.signIn("inspecteur");
  await menu(page, "Zaken");
  await page.getByRole("heading", { level: 1, name: "Zaken" }).waitFor();
  await page.locator('[data-testid="cases"], [data-testid="no-cases"]').first().waitFor();
  assert.deepEqual(await axe(page), [], "axe on the queue");

  // A new report: an address that does not exist is refused next to its field.
  await page.getByRole("link", { name: "Nieuwe melding van mogelijke overbewoning registreren" }).click();
  await page.getByRole("heading", { level: 1, name: "Nieuwe melding van overbewoning" }).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the new report");
  reportId = await page.getByLabel("Kenmerk van de melding").inputValue();
  assert.match(reportId, /^MEL-/);
  // No address chosen: said in the address's fieldset; then found by what
  // people know (postcode and house number), never by its id.
  assert.equal(await page.getByText(/Kenmerk van het adres/).count(), 0, "no internal id to type");
  await page.getByLabel("Bron van de melding").fill("buurtbewoner");
  await page.getByRole("button", { name: "Melding registreren" }).click();
  await page.getByTestId("address-picker").locator(".grip-error:not([hidden])").waitFor();
  assert.deepEqual(await axe(page), [], "axe with the refusal");
  const known = readFileSync(join(grip.dir, "city.ndjson"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
    .find((r) => r.kind === "address" && r.id === grip.places.address);
  await page.getByLabel("Postcode").fill(known.postcode);
  await page.getByLabel("Huisnummer").fill(String(known.house_number));
  await page.getByLabel("Huisletter of toevoeging").fill(known.suffix ?? "");
  await page.getByRole("button", { name: "Zoek adres" }).click();
  await page.getByText(/^Gevonden in Grip/).waitFor();
  await page.getByRole("button", { name: "Melding registreren" }).click();
  await page.getByRole("heading", { level: 1, name: /^Zaak \d+: Melding mogelijke overbewoning$/ }).waitFor();
  caseId = Number(new URL(page.url()).searchParams.get("id"));
  await state(page, "Ontvangen");
  assert.deepEqual(await axe(page), [], "axe on the case");

  await step(page, "Triage starten", "triage");
  await state(page, "Triage");
  await step(page, "Onderzoek starten", "onderzoeken");
  await state(page, "In onderzoek");

  // The date of the home visit left empty: the server's reason next to the field.
  let form = await step(page, "Huisbezoek plannen", "huisbezoek_plannen", (f) => f.getByLabel("Datum van het huisbezoek").fill(""));
  await form.getByText("Vul dit in: deze stap vraagt erom.").waitFor();
  assert.equal(await form.getByLabel("Datum van het huisbezoek").getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe with a refused step");
  await form.getByLabel("Datum van het huisbezoek").fill(`${thisYear}-06-15`);
  await form.getByRole("button", { name: "Huisbezoek plannen", exact: true }).click();
  await state(page, "Huisbezoek gepland");

  // Findings need a linked home visit and a text: both reasons shown.
  form = await step(page, "Bevindingen vastleggen", "bevindingen_vastleggen");
  await form.getByTestId("refusal").getByText("Koppel eerst een Huisbezoek aan de zaak.").waitFor();
  await form.getByText("Vul dit in: deze stap vraagt erom.").waitFor();
  assert.equal(await form.getByLabel("Toelichting").getAttribute("aria-invalid"), "true");

  // Linking: an activity is chosen from a list in words (type, date), never
  // typed as an id; none chosen is refused next to the field.
  const choice = page.locator('select[name="activity"]');
  await choice.focus();
  await choice.locator("option").nth(1).waitFor({ state: "attached" });
  assert.match(await choice.locator("option").nth(1).textContent(), /^[A-Z][^,]+, \d{1,2} [a-z]+ \d{4} \(/);
  await page.getByRole("button", { name: "Koppelen" }).click();
  assert.equal(await choice.getAttribute("aria-invalid"), "true");
  // The address of the report, in words, on the case page.
  assert.match(await page.getByTestId("case-address").textContent(), /\d{4} ?[A-Z]{2}/);

  // The home visit registered on the case's page (the step needs one): it
  // belongs to the report (parent, with the report's address) and links
  // itself; the page follows without a reload.
  await page.evaluate(() => (window.gripSameDocument = true));
  const register = page.getByTestId("register-huisbezoek");
  await register.getByRole("heading", { level: 2, name: "Huisbezoek registreren" }).waitFor();
  await register.getByText("Daarna kan de stap Bevindingen vastleggen.", { exact: false }).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the home visit form");
  await register.getByLabel("Datum", { exact: true }).fill("");
  await register.getByRole("button", { name: "Huisbezoek registreren" }).click();
  await register.getByText("Dit veld is verplicht.").waitFor();
  assert.equal(await register.getByLabel("Datum", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe with the refused date");
  await register.getByLabel("Datum", { exact: true }).fill(`${thisYear}-06-15`);
  await register.getByRole("group", { name: "Misstand geconstateerd" }).getByLabel("Ja").check();
  await register.getByRole("button", { name: "Huisbezoek registreren" }).click();
  await page.getByText("Huisbezoek is geregistreerd en aan de zaak gekoppeld.").waitFor();
  const linkedRow = page.getByTestId("linked").locator("tbody tr", { hasText: "Huisbezoek" });
  await linkedRow.getByText("Hoort bij de melding").waitFor();
  assert.equal(await page.getByTestId("register-huisbezoek").count(), 0, "no form once the visit is linked");
  assert.equal(await page.evaluate(() => window.gripSameDocument), true, "no page reload");
  const visitId = (await linkedRow.locator("td").first().textContent()).trim();
  const visit = await api(page, "GET", `/records/activity/${visitId}`);
  assert.equal(visit.status, 200);
  assert.equal(visit.body.type, "huisbezoek");
  assert.equal(visit.body.parent, reportId);
  assert.equal(visit.body.address, grip.places.address);
  assert.equal(visit.body.date, `${thisYear}-06-15`);
  assert.equal(visit.body.attributes.misstand, true);

  await step(page, "Bevindingen vastleggen", "bevindingen_vastleggen", (f) => f.getByLabel("Toelichting").fill("Twaalf bedden in drie kamers aangetroffen."));
  await state(page, "Bevindingen vastgelegd");

  // A note and the assignment, written to the history.
  await page.getByLabel("Notitie", { exact: true }).fill("Eigenaar gebeld; herinspectie volgt.");
  await page.getByRole("button", { name: "Notitie toevoegen" }).click();
  await page.getByText("De notitie is toegevoegd.").waitFor();
  // The assignee is chosen from the colleagues who work on the case type.
  await page.getByLabel("Behandelaar").locator("option", { hasText: /^collega \(/ }).waitFor({ state: "attached" });
  const people = await page.getByLabel("Behandelaar").locator("option").allTextContents();
  assert.ok(people.some((p) => p.startsWith("collega (")), `a colleague to choose: ${people}`);
  await page.getByLabel("Behandelaar").selectOption("inspecteur");
  await page.getByRole("button", { name: "Toewijzen", exact: true }).click();
  await page.getByText("De zaak is toegewezen.").waitFor();

  // In "Mijn zaken".
  await menu(page, "Zaken");
  await page.getByLabel("Werkvoorraad", { exact: true }).selectOption("mine");
  await page.getByRole("button", { name: "Toon" }).click();
  await page.locator(`tr[data-case="${caseId}"]`).waitFor();
  // The queue says what the case is about in words: the report's address.
  assert.match(await page.locator(`tr[data-case="${caseId}"] td`).nth(1).textContent(), /\d{4} ?[A-Z]{2}/);
  await page.locator(`tr[data-case="${caseId}"]`).getByRole("link", { name: `Zaak ${caseId}` }).click();
  await state(page, "Bevindingen vastgelegd");

  // A stale page: someone else changed the case meanwhile; nothing is saved.
  const other = await page.context().newPage();
  await other.goto(`/zaak?id=${caseId}`);
  await other.getByLabel("Notitie", { exact: true }).fill("Tweede notitie van een collega.");
  await other.getByRole("button", { name: "Notitie toevoegen" }).click();
  await other.getByText("De notitie is toegevoegd.").waitFor();
  await other.close();
  form = await step(page, "Overdragen aan de Arbeidsinspectie", "overdragen_nla");
  await form.getByText("Iemand anders heeft deze zaak intussen gewijzigd.").waitFor();
  await state(page, "Bevindingen vastgelegd");
  await form.getByRole("link", { name: "Zaak opnieuw laden" }).click();
  await page.getByTestId("history").getByText("Tweede notitie van een collega.").waitFor();

  await step(page, "Overdragen aan de Arbeidsinspectie", "overdragen_nla");
  await state(page, "Overgedragen aan de Nederlandse Arbeidsinspectie");
  await page.getByTestId("linked").getByText(`${reportId}-dossier_nla`).waitFor();

  await step(page, "Afsluiten", "afsluiten", (f) => f.getByLabel("Uitkomst").selectOption("overbewoning_eu"));
  await state(page, "Afgesloten");

  // The history: every step, who, from → to, the changed field old → new, the texts.
  const history = page.getByTestId("history");
  await history.locator('tbody tr[data-action="afsluiten"]').waitFor();
  const actions = await history.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
  assert.deepEqual(actions, ["open", "triage", "onderzoeken", "huisbezoek_plannen", "bevindingen_vastleggen", "note", "assign", "note", "overdragen_nla", "afsluiten"]);
  await history.getByText("Bevindingen vastgelegd → Overgedragen aan de Nederlandse Arbeidsinspectie").waitFor();
  await history.getByText("Uitkomst: in onderzoek → overbewoning door EU-arbeidsmigranten").waitFor();
  await history.getByText("Twaalf bedden in drie kamers aangetroffen.", { exact: false }).waitFor();
  await history.getByText("Eigenaar gebeld; herinspectie volgt.").waitFor();
  assert.ok((await history.locator("tbody tr").first().textContent()).includes("inspecteur"));
  assert.deepEqual(await axe(page), [], "axe on the closed case");

  // Heropenen: a closed case opened again, only with a reason.
  form = await step(page, "Heropenen", "heropenen");
  await form.getByText("Vul dit in: deze stap vraagt erom.").waitFor();
  assert.equal(await form.getByLabel("Reden").getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe on the refused reopening");
  await form.getByLabel("Reden").fill("Nieuwe melding van dezelfde bewoners.");
  await form.getByRole("button", { name: "Heropenen", exact: true }).click();
  await state(page, "In onderzoek");
  const reopened = history.locator('tr[data-action="heropenen"]');
  await reopened.getByText("Afgesloten → In onderzoek").waitFor();
  await reopened.getByText("Uitkomst: overbewoning door EU-arbeidsmigranten → in onderzoek").waitFor();
  await reopened.getByText("Nieuwe melding van dezelfde bewoners.", { exact: false }).waitFor();
  await page.getByTestId("case-actions").getByRole("button", { name: "Huisbezoek plannen" }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("a policy adviser sees the case's steps, not its texts, and no actions", async () => {
  assert.ok(caseId, "the first test opened a case");
  const page = await grip.signIn("adviseur");
  await menu(page, "Zaken");
  await page.getByLabel("Werkvoorraad", { exact: true }).selectOption("all");
  await page.getByLabel("Soort zaak", { exact: true }).selectOption("melding_overbewoning");
  await page.getByRole("button", { name: "Toon" }).click();
  await page.locator(`tr[data-case="${caseId}"]`).getByRole("link").click();
  await state(page, "In onderzoek");
  await page.getByTestId("history").locator('tr[data-action="heropenen"]').waitFor();
  const text = await page.locator("main").textContent();
  for (const secret of ["Eigenaar gebeld", "Tweede notitie", "Twaalf bedden", "buurtbewoner", "dezelfde bewoners"]) assert.ok(!text.includes(secret), `no "${secret}" for beleid`);
  await page.getByTestId("no-actions").waitFor();
  assert.equal(await page.getByTestId("case-actions").getByRole("button").count(), 0);
  assert.equal(await page.getByLabel("Notitie", { exact: true }).count(), 0);
  await page.getByText("Uw rol ziet de stappen, maar niet de notities").waitFor();
  // The server refuses a step from this role too.
  const refused = await api(page, "POST", `/cases/${caseId}/notes`, { text: "x" });
  assert.ok(refused.status === 403 || refused.status === 409, `status ${refused.status}`);
  assert.deepEqual(await axe(page), [], "axe on the case as beleid");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
