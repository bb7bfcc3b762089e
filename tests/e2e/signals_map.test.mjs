// Watching the spreading (issue 18): in a city where the reports of possible
// overcrowding in one buurt outside the priority group (Groot IJsselmonde)
// grow fourfold against the year before, the policy adviser sees the signal
// on the dashboard, opens its buurt on the map (marked there), opens that
// buurt's figures from the map, opens the figure to its records and
// sources, and switches the map between counts and a rate per 1.000
// inhabitants. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, api, thisYear } from "./harness.mjs";

const buurt = "BU05991289";  // Groot IJsselmonde in the generated city (not a priority buurt)
const indicator = "handhaving.meldingen_overbewoning";
const year = thisYear - 1;

// An address in the buurt and its reports: 15 the year before, 60 last year.
function growth() {
  const lines = [JSON.stringify({ kind: "address", id: "E2E-ADR-GIJ", postcode: "3079 AA", house_number: 1, area: buurt })];
  const report = (y, i) => JSON.stringify({ kind: "activity", id: `E2E-M-${y}-${i}`, type: "melding_overbewoning",
    date: `${y}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 27)).padStart(2, "0")}`,
    address: "E2E-ADR-GIJ", attributes: { uitkomst: "in_onderzoek" } });
  for (let i = 0; i < 15; i++) lines.push(report(year - 1, i));
  for (let i = 0; i < 60; i++) lines.push(report(year, i));
  return lines.join("\n") + "\n";
}

let grip;
before(async () => (grip = await startGrip({ firstYear: thisYear - 2, years: 2, deliveries: [growth()] })));
after(async () => grip?.stop());

test("the adviser follows a signal to its buurt on the map, its figure, records and sources, as counts and rates", async () => {
  const page = await grip.signIn("adviseur");
  const signals = await api(page, "GET", `/signals?period=${year}`);
  assert.equal(signals.status, 200);
  assert.deepEqual(signals.body.signals.map((s) => s.area), [buurt], "the growing buurt is the only signal");

  await page.goto(`/dashboard?periode=${year}`);
  const item = page.getByTestId(`signal-${buurt}`);
  await item.waitFor();
  assert.match(await item.innerText(), /Groot IJsselmonde/);
  assert.match(await item.innerText(), /toeval/, "the explanation in words");
  assert.deepEqual(await axe(page), [], "axe on the dashboard with a signal");

  // The signal opens the map of its indicator with its buurt marked.
  await page.getByTestId(`signal-map-${buurt}`).click();
  await page.waitForURL(/markeer=BU05991289/);
  const area = page.locator(`[data-testid="map"] path.grip-map__area[data-area="${buurt}"]`);
  await area.waitFor();
  assert.equal(await area.getAttribute("aria-current"), "true");
  await page.getByTestId("map-marked").waitFor();
  const row = page.locator(`[data-testid="map-table"] tr[data-area="${buurt}"]`);
  assert.match(await row.innerText(), /\b6\d\b/, "the table beside the map gives the buurt's count");

  // Counts and rates.
  const rated = await api(page, "GET", `/indicators/${indicator}/areas?period=${year}&rate=per_1000_inwoners`);
  const mine = rated.body.areas.find((a) => a.code === buurt);
  assert.equal(typeof mine.rate, "number");
  await page.getByLabel("Kaart tonen als").selectOption("per_1000_inwoners");
  await page.locator('[data-testid="map-table"] th', { hasText: "per 1.000 inwoners" }).first().waitFor();
  const shown = await page.locator(`[data-testid="map-table"] tr[data-area="${buurt}"] td.grip-num`).innerText();
  assert.equal(Number(shown.replace(/\./g, "").replace(",", ".")), Math.round(mine.rate * 10) / 10);
  assert.deepEqual(await axe(page), [], "axe on the map of rates with a marked buurt");
  await page.getByLabel("Kaart tonen als").selectOption("");
  await page.locator('[data-testid="map-table"] th', { hasText: "Aantal" }).first().waitFor();

  // The buurt on the map opens its figures; the figure opens to its records and sources.
  await page.locator(`[data-testid="map"] path.grip-map__area[data-area="${buurt}"]`).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`gebied=${buurt}`));
  await page.getByTestId("dashboard-scope").filter({ hasText: "Groot IJsselmonde" }).waitFor();
  const value = Number((await page.getByTestId(`value-${indicator}`).innerText()).replace(/\D/g, ""));
  assert.ok(value >= 60, "the buurt's figure counts the reports");
  await page.locator(`button[data-drill="${indicator}"]`).click();
  const panel = page.getByTestId("drill");
  await panel.getByTestId("drill-record").first().waitFor();
  const records = await api(page, "GET", `/indicators/${indicator}/records?period=${year}&area=${buurt}&limit=500`);
  assert.equal(records.body.total, value, "the records make the figure");
  const sources = panel.getByTestId("drill-sources").locator("tbody tr");
  await sources.first().waitFor();
  assert.ok((await sources.count()) >= 1, "the sources are listed");
  assert.deepEqual(await axe(page), [], "axe with the panel open");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
