// What got in the way in the screens people use every day (issue 16, part
// 6), each as the role that meets it: beheer gives the regional role and
// changes a role, and copies a new token whole; a refused file is in the
// list of deliveries and the web's registrations are not; times are local
// and in Dutch; a done motion offers no new case and a motion's case shows
// its title and its date; the dashboard opens on the latest year with
// figures and fits a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, menu, api, thisYear, unexpectedProblems } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

// A moment in Dutch words, local time: "6 dec 2026 22:31" (no ISO "T", no "Z").
const dutchMoment = /^\d{1,2} [a-z]{3}\.? \d{4},? \d{2}:\d{2}$/;

test("beheer: the regional role, a role changed, a token to copy whole", async () => {
  const page = await grip.signIn("beheerder");
  await menu(page, "Beheer");
  await page.getByTestId("users").waitFor();
  const roles = await page.getByLabel("Rol", { exact: true }).locator("option").allTextContents();
  assert.ok(roles.includes("Regionale monitoring"), `regio can be given: ${roles}`);
  assert.ok(!roles.includes("Infopunt en DigiD-balie"), "a role with personal data is not offered");
  const regioRow = page.locator('tr[data-user="regio"]');
  await regioRow.getByText("Regionale monitoring").waitFor();
  assert.ok(!(await page.getByTestId("users").innerText()).includes("role."), "every role in words");

  await page.getByLabel("Gebruikersnaam").fill("wisselaar");
  await page.getByLabel("Rol", { exact: true }).selectOption("beleid");
  await page.getByLabel("Eerste wachtwoord").fill("een-lang-genoeg-wachtwoord");
  await page.getByRole("button", { name: "Gebruiker toevoegen" }).click();
  await page.locator('tr[data-user="wisselaar"]').waitFor();
  await page.getByRole("button", { name: "Wijzig wisselaar" }).click();
  const change = page.getByTestId("change-user");
  await change.getByRole("heading", { name: "Gebruiker wisselaar wijzigen" }).waitFor();
  await change.getByLabel("Rol").selectOption("regio");
  await change.getByRole("button", { name: "Wijziging opslaan" }).click();
  await change.getByText("Gebruiker wisselaar is gewijzigd en afgemeld.").waitFor();
  await page.locator('tr[data-user="wisselaar"]').getByText("Regionale monitoring").waitFor();
  // A role with personal data: the operator's, and the screen says how.
  await page.getByRole("button", { name: "Wijzig inspecteur" }).click();
  await change.getByText("grip user change inspecteur", { exact: false }).waitFor();
  assert.deepEqual(await axe(page), [], "axe with the change form");

  await page.getByLabel("Namens gebruiker").selectOption("partner-systeem");
  await page.getByRole("button", { name: "Token maken" }).click();
  const token = page.getByTestId("issued-token");
  await token.waitFor();
  const text = (await token.textContent()).trim();
  assert.match(text, /^\S{40,}$/);
  const box = await token.boundingBox();
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  assert.ok(box.x + box.width <= width, "the whole token is on the screen");
  await page.getByRole("button", { name: "Kopieer" }).click();
  await page.getByText(/^(Gekopieerd naar het klembord\.|Geselecteerd: kopieer met Ctrl\+C\.)$/).waitFor();
  assert.deepEqual(await axe(page), [], "axe with the token shown");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("deliveries: a refused file is listed, the web's registrations are not, times are local", async () => {
  const page = await grip.signIn("partner");
  const registered = await api(page, "POST", "/records/activity", {
    id: "E2E-DAY-1", type: "banenmarkt", date: `${thisYear}-02-01`, organisation: grip.places.partner, count: 30,
  });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  await menu(page, "Leveringen");
  const bad = JSON.stringify({ kind: "activity", id: "E2E-DAY-2", type: "banenmarkt", date: "1 maart", organisation: grip.places.partner }) + "\n";
  await page.getByLabel("Bestand").setInputFiles({ name: "geweigerd.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Leveren" }).click();
  await page.getByRole("heading", { level: 2, name: "Resultaat van geweigerd.ndjson" }).waitFor();
  const row = page.locator("tr", { hasText: "geweigerd.ndjson" });
  await row.getByText("Geweigerd: niets opgeslagen").waitFor();
  const started = (await row.locator("td").nth(2).textContent()).trim();
  assert.match(started, dutchMoment);
  const list = await page.locator("table", { hasText: "geweigerd.ndjson" }).innerText();
  assert.ok(!/\bapi\b/.test(list), `no registration rows: ${list}`);
  assert.ok(!/committed|refused/.test(list), "statuses in Dutch");
  assert.deepEqual(await axe(page), [], "axe on the list");
  await page.context().close();
});

test("the processing log in local time and Dutch words", async () => {
  const page = await grip.signIn("fg");
  await menu(page, "Verwerkingenlogboek");
  const log = page.getByTestId("log");
  await log.waitFor();
  const first = log.locator("tbody tr").first();
  assert.match((await first.locator("td").nth(0).textContent()).trim(), dutchMoment);
  const actions = await log.locator("tbody tr td:nth-child(3)").allTextContents();
  assert.ok(actions.length > 0);
  for (const a of actions) assert.ok(!/^(read|create|update|withdraw|search|export|list|erase)$/.test(a), `in Dutch: ${a}`);
  await page.context().close();
});

test("motions: a done motion offers no case; a motion's case shows its title and date", async () => {
  const page = await grip.signIn("adviseur");
  const done = await api(page, "POST", "/records/motion", {
    id: "E2E-MOT-AF", type: "motie", title: "Een afgedane motie", adopted: `${thisYear - 1}-03-01`, status: "afgedaan", disposed: `${thisYear - 1}-09-01`,
  });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  const late = await api(page, "POST", "/records/motion", {
    id: "E2E-MOT-LAAT", type: "motie", title: "Een motie over de huisvesting", adopted: `${thisYear - 1}-03-01`, expected: `${thisYear - 1}-06-30`,
  });
  assert.equal(late.status, 201, JSON.stringify(late.body));
  await menu(page, "Moties");
  const doneRow = page.locator('tr[data-motion="E2E-MOT-AF"]');
  await doneRow.getByText("Afgehandeld").waitFor();
  assert.equal(await doneRow.getByRole("button").count(), 0, "no case to open for a done motion");
  await page.locator('tr[data-motion="E2E-MOT-LAAT"]').getByRole("button", { name: /^Zaak openen voor / }).click();
  await page.getByTestId("case-title").getByText("Een motie over de huisvesting").waitFor();
  const deadline = await page.getByTestId("case-summary").locator("dt", { hasText: /^Termijn$/ }).locator("xpath=following-sibling::dd[1]").innerText();
  assert.match(deadline, new RegExp(`^30 juni ${thisYear - 1} \\(termijn verstreken\\)$`));
  assert.deepEqual(await axe(page), [], "axe on the motion's case");
  await page.context().close();
});

test("the dashboard fits a phone", async () => {
  const page = await grip.signIn("adviseur");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboard");
  await page.locator("table.grip-figures").first().waitFor();
  await page.locator("table.grip-area-table").waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide on a 390 px phone`);
  await page.context().close();
});

test("the dashboard opens on the latest year with figures", async () => {
  const old = await startGrip({ firstYear: thisYear - 4, years: 1 });
  try {
    const page = await old.signIn("adviseur");
    await page.goto("/dashboard");
    const scope = page.getByTestId("dashboard-scope");
    await scope.waitFor();
    const text = await scope.textContent();
    assert.ok(!text.includes(String(thisYear)), `not this year's empty figures: ${text}`);
    const values = await page.locator('[data-testid^="value-"]').allTextContents();
    assert.ok(values.some((v) => /[1-9]/.test(v)), "figures with data");
    await page.context().close();
  } finally {
    await old.stop();
  }
});
