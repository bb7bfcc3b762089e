// The map and the drill-through on the dashboard: the policy adviser sees
// an indicator per buurt on the map (the demo city's generated boundaries,
// loaded with grip import --geojson), switches it between counts and a
// rate per 1.000 inhabitants, selects a buurt with the keyboard,
// which opens that buurt's figures, opens a figure and sees the records
// behind it and their sources with when each last delivered; the number
// of records behind the figure is the figure. The public role sees the map
// but nothing behind a figure. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, api, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const indicator = "info.unieke_bezoekers";

test("the adviser selects a buurt on the map and opens a figure to its records and sources", async () => {
  const page = await grip.signIn("adviseur");
  // The buurt with the most visitors last year: it has records to show.
  const year = thisYear - 1;
  const byArea = await api(page, "GET", `/indicators/${indicator}/areas?period=${year}`);
  assert.equal(byArea.status, 200);
  const busiest = [...byArea.body.areas].sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
  assert.ok(busiest.value > 0, "some buurt has visitors");

  await page.goto(`/dashboard?periode=${year}&indicator=${indicator}`);
  const area = page.locator(`[data-testid="map"] path[data-area="${busiest.code}"]`);
  await area.waitFor();
  assert.ok((await page.locator('[data-testid="map"] path[data-area]').count()) > 10, "the buurten are drawn");
  assert.ok((await page.locator('[data-testid="map"] path.grip-map__priority').count()) >= 1, "the priority buurten are outlined");
  // The same numbers in the table beside the map.
  const row = page.locator(`[data-testid="map-table"] tr[data-area="${busiest.code}"]`);
  assert.match(await row.innerText(), new RegExp(String(busiest.value)));
  assert.deepEqual(await axe(page), [], "axe on the dashboard with its map");

  // Counts and rates: the switch draws the map as visitors per 1.000
  // inhabitants (the table's column says so), and back.
  const perThousand = await api(page, "GET", `/indicators/${indicator}/areas?period=${year}&rate=per_1000_inwoners`);
  const rated = perThousand.body.areas.find((a) => a.code === busiest.code);
  assert.equal(typeof rated.rate, "number", "the busiest buurt has inhabitants");
  await page.getByLabel("Kaart tonen als").selectOption("per_1000_inwoners");
  await page.locator('[data-testid="map-table"] th', { hasText: "per 1.000 inwoners" }).first().waitFor();
  const shownRate = await page.locator(`[data-testid="map-table"] tr[data-area="${busiest.code}"] td.grip-num`).innerText();
  assert.equal(Number(shownRate.replace(/\./g, "").replace(",", ".")), Math.round(rated.rate * 10) / 10);
  assert.deepEqual(await axe(page), [], "axe on the map of rates");
  await page.getByLabel("Kaart tonen als").selectOption("");
  await page.locator('[data-testid="map-table"] th', { hasText: "Aantal" }).first().waitFor();

  // The keyboard: focus the buurt on the map and press Enter.
  await area.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`gebied=${busiest.code}`));
  await page.getByTestId("dashboard-scope").filter({ hasText: busiest.name }).waitFor();

  // The figure of that buurt opens to what is behind it.
  const value = Number((await page.getByTestId(`value-${indicator}`).innerText()).replace(/\D/g, ""));
  assert.equal(value, busiest.value);
  await page.locator(`button[data-drill="${indicator}"]`).click();
  const panel = page.getByTestId("drill");
  await panel.waitFor();
  await panel.getByTestId("drill-record").first().waitFor();
  const records = await api(page, "GET", `/indicators/${indicator}/records?period=${year}&area=${busiest.code}&limit=500`);
  assert.equal(records.body.total, busiest.value, "the records make the figure");
  assert.equal(records.body.subjects, busiest.value, "one person per visitor counted");
  assert.match(await panel.getByTestId("drill-summary").innerText(), new RegExp(`${records.body.records} registraties`));
  const sources = panel.getByTestId("drill-sources").locator("tbody tr");
  await sources.first().waitFor();
  assert.ok((await sources.count()) >= 1, "the sources are listed");
  assert.doesNotMatch(await sources.first().innerText(), /–\s*$/, "with when each last delivered");
  await panel.getByTestId("drill-merges").waitFor();
  assert.deepEqual(await axe(page), [], "axe with the panel open");
  await panel.getByRole("button", { name: "Sluiten" }).click();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the public role sees the map but nothing behind a figure", async () => {
  const page = await grip.signIn("raad");
  const year = thisYear - 1;
  await page.goto(`/dashboard?periode=${year}&indicator=${indicator}`);
  await page.locator('[data-testid="map"] path[data-area]').first().waitFor();
  assert.equal(await page.locator("button[data-drill]").count(), 0, "no drill-through for the public");
  const refused = await api(page, "GET", `/indicators/${indicator}/records?period=${year}`);
  assert.equal(refused.status, 403);
  assert.deepEqual(await axe(page), [], "axe on the public map");
  await page.context().close();
});
