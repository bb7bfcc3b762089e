// The region: the regional role (regio) signs in and lands on the figures of
// the municipalities that share them (Rotterdam and 's-Gravenhage), side by
// side and summed for the region, with Eindhoven named as not sharing; a
// visit registered in 's-Gravenhage appears in its column and in the sum; the
// period is chosen by keyboard; the role has no screen that reads records;
// the screen in English without Dutch left. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGrip, axe, api, menu, other, repo, thisYear, unexpectedProblems } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const rotterdam = "GM0599";
const visitors = "info.unieke_bezoekers";
const points = "info.infopunten";

// A figure of the table: the indicator's row, the column of a municipality
// (its CBS code), "region", "previous" or "change".
const cell = (page, indicator, column) => page.locator(`tr[data-indicator="${indicator}"] td[data-column="${column}"]`);
const value = (page, indicator, column) => cell(page, indicator, column).locator(".grip-value");
// A number as the screen shows it in Dutch (1.234,5).
const nl = (n) => n.toLocaleString("nl-NL", { maximumFractionDigits: 1 });
const number = async (locator) => Number((await locator.innerText()).replace(/\./g, "").replace(",", "."));
// Waits until a figure reads exactly this number.
const shows = (page, indicator, column, n) =>
  value(page, indicator, column).filter({ hasText: new RegExp(`^${nl(n).replace(/\./g, "\\.")}$`) }).waitFor();

test("the regional role lands on the figures of the sharing municipalities, side by side and summed", async () => {
  const page = await grip.signIn("regio", "Regio");
  assert.equal(new URL(page.url()).pathname, "/regio");
  await page.getByTestId("region-scope").getByText(`Cijfers over ${thisYear} van de gemeenten die hun cijfers delen (Rotterdam en 's-Gravenhage)`).waitFor();

  // A table per theme: a column per sharing municipality, the region's sum,
  // its previous period and change.
  const info = page.locator('table[data-theme="info"]');
  await info.locator("caption").getByText(`per gemeente en voor de regio, ${thisYear}`).waitFor();
  assert.deepEqual(await info.locator("thead th[scope=col]").allInnerTexts(), [
    "Indicator", "Rotterdam", "'s-Gravenhage", "Regio", "Regio, vorige periode", "Regio, verandering",
  ]);
  assert.equal(await page.getByRole("columnheader", { name: "Rotterdam" }).count(), 5, "a column of Rotterdam in every theme's table");
  assert.equal(await page.getByRole("rowheader", { name: /Unieke bezoekers informatiepunten/ }).count(), 1);

  // The figures are the server's: each municipality's own, the region's their sum.
  const { status, body } = await api(page, "GET", `/region/indicators?period=${thisYear}`);
  assert.equal(status, 200);
  assert.deepEqual(body.municipalities.map((m) => m.code), [rotterdam, other.municipality]);
  const [here, there] = body.municipalities;
  let exact = 0;
  for (const [code, total] of Object.entries(body.region)) {
    if (typeof total.value !== "number") continue;
    const shown = (v) => Math.round(v * 10) / 10;
    assert.equal(await number(value(page, code, rotterdam)), shown(here.indicators[code].value), `${code} of Rotterdam`);
    assert.equal(await number(value(page, code, other.municipality)), shown(there.indicators[code].value), `${code} of 's-Gravenhage`);
    assert.equal(await number(value(page, code, "region")), shown(total.value), `${code} of the region`);
    if (total.summing === "exact") {
      assert.equal(here.indicators[code].value + there.indicators[code].value, total.value, `${code} adds up`);
      exact++;
    }
  }
  assert.ok(exact > 5, "several exact sums checked");

  // 's-Gravenhage's visits this year (three persons, on the first of January)
  // and its information point; the region counts them beside Rotterdam's.
  const rotterdamVisitors = here.indicators[visitors].value;
  assert.ok(rotterdamVisitors > 0);
  await shows(page, visitors, other.municipality, 3);
  await shows(page, visitors, "region", rotterdamVisitors + 3);
  await shows(page, points, other.municipality, 1);
  // Where the sum is not exact, it says so beside the region's figure.
  await cell(page, visitors, "region").getByText("een persoon kan in meer gemeenten meetellen").waitFor();
  assert.equal(await cell(page, points, "region").locator(".grip-summing").count(), 0, "an exact sum has no note");
  await cell(page, "zelfredzaamheid.cursisten_moe_pct", "region").getByText("niet opgeteld", { exact: true }).waitFor();
  // A distribution in short: its largest values and how many more.
  const topics = await cell(page, "info.bezoek_onderwerpen", other.municipality).innerText();
  assert.match(topics, /^werk: 2, (brp|wonen|zorg): 1, (brp|wonen|zorg): 1 en 1 meer$/);
  // The previous period and the change, for the region.
  const previous = body.region[visitors].previous;
  assert.equal(await number(value(page, visitors, "previous")), previous);
  assert.match(await cell(page, visitors, "change").innerText(), /^([+−][\d.]+( \([+−]\d+%\))?|gelijk)$/);

  await page.getByTestId("not-sharing").getByText("Deelt geen cijfers: Eindhoven", { exact: true }).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the region");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("a visit registered in 's-Gravenhage appears in its column and in the region's sum", async () => {
  const page = await grip.signIn("regio", "Regio");
  const before = {
    there: await number(value(page, visitors, other.municipality)),
    here: await number(value(page, visitors, rotterdam)),
    region: await number(value(page, visitors, "region")),
  };

  // The desk of 's-Gravenhage registers a new person's visit (through the API).
  const desk = await grip.signIn("dh-balie");
  const person = await api(desk, "POST", "/records/person", { kind: "person", id: "DH-PER-NEW", nationality: "RO" });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const visit = await api(desk, "POST", "/records/activity", {
    kind: "activity", id: "DH-ACT-NEW", type: "infopunt_bezoek", date: `${thisYear}-01-01`, person: "DH-PER-NEW", location: other.location,
    attributes: { onderwerpen: ["werk"] },
  });
  assert.equal(visit.status, 201, JSON.stringify(visit.body));
  await desk.context().close();

  // Shown again by keyboard: Enter in the year's field.
  await page.getByLabel("Jaar", { exact: true }).focus();
  await page.keyboard.press("Enter");
  await shows(page, visitors, other.municipality, before.there + 1);
  await shows(page, visitors, "region", before.region + 1);
  await shows(page, visitors, rotterdam, before.here);
  await cell(page, "info.bezoek_onderwerpen", other.municipality).getByText(/^werk: 3,/).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the period is chosen by keyboard, and a wrong year is refused next to its field", async () => {
  const page = await grip.signIn("regio", "Regio");
  // The year, then Tab: the quarter and month are hidden, the next stop is "Toon".
  const year = page.getByLabel("Jaar", { exact: true });
  await year.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(String(thisYear - 1));
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Toon");
  await page.keyboard.press("Enter");
  await page.waitForURL(`**/regio?periode=${thisYear - 1}`);
  await page.locator('table[data-theme="info"] caption').getByText(`per gemeente en voor de regio, ${thisYear - 1}`).waitFor();
  await shows(page, visitors, other.municipality, 6);
  await shows(page, "info.digid_geactiveerd", other.municipality, 1);

  // A quarter: the kind of period, then its own field.
  await page.getByLabel("Soort periode").selectOption("quarter");
  await page.getByLabel("Kwartaal").selectOption("1");
  await page.getByRole("button", { name: "Toon" }).press("Enter");
  await page.waitForURL(`**/regio?periode=${thisYear - 1}-Q1`);
  await page.getByTestId("region-scope").getByText(`kwartaal 1 van ${thisYear - 1}`).waitFor();
  await shows(page, visitors, other.municipality, 3);

  // How a figure is counted opens by keyboard.
  const summary = page.locator(`tr[data-indicator="${visitors}"] summary`);
  await summary.focus();
  await page.keyboard.press("Enter");
  await page.locator(`tr[data-indicator="${visitors}"] details[open]`).getByText("Aantal verschillende personen").waitFor();

  await year.fill("20");
  await year.press("Enter");
  await page.getByText("Vul een jaar in van vier cijfers, bijvoorbeeld 2024.").waitFor();
  assert.equal(await year.getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe on the region with a refused year");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the regional role has no screen that reads records", async () => {
  const page = await grip.signIn("regio", "Regio");
  assert.deepEqual(await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link").allTextContents(), ["Regio"]);
  // The start screen offers the region only.
  await page.getByRole("link", { name: /^Grip/ }).click();
  await page.getByRole("heading", { level: 1, name: "Welkom, regio" }).waitFor();
  await page.getByText("U ziet geen namen, BSN's of adressen").waitFor();
  assert.deepEqual(await page.locator(".grip-home-links a").allTextContents(), ["Regio"]);
  // Another screen's address says the role has no access; the server refuses the records.
  for (const path of ["/dashboard", "/registratie", "/zaken", "/verwerkingen"]) {
    await page.goto(path);
    await page.getByTestId("not-allowed").waitFor();
  }
  for (const path of ["/records/person", "/records/activity", `/indicators?period=${thisYear}`, "/deliveries"])
    assert.equal((await api(page, "GET", path)).status, 403, path);
  // Other roles do not see the region.
  const adviser = await grip.signIn("adviseur");
  assert.equal(await adviser.getByRole("navigation").getByRole("link", { name: "Regio", exact: true }).count(), 0);
  await adviser.goto("/regio");
  await adviser.getByTestId("not-allowed").waitFor();
  assert.equal((await api(adviser, "GET", `/region/indicators?period=${thisYear}`)).status, 403);
  await adviser.context().close();
  await page.context().close();
});

// The interface's own Dutch texts of this screen (not the catalogue's data,
// which is Dutch in both languages), for finding leftovers.
function dutchTexts() {
  const nl = JSON.parse(readFileSync(join(repo, "web/src/i18n/nl.json"), "utf8"));
  const en = JSON.parse(readFileSync(join(repo, "web/src/i18n/en.json"), "utf8"));
  const data = readFileSync(join(grip.catalogue, "programme.json"), "utf8");
  return Object.keys(nl)
    .filter((k) => /^(region|figures|theme|period|dashboard|nav|header|app)\./.test(k) && nl[k] !== en[k])
    .flatMap((k) => nl[k].split(/\{\w+\}/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 8 && !data.includes(`"${part}"`));
}

test("the region in English, with no Dutch of the interface left", async () => {
  const page = await grip.signIn("regio", "Regio");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { level: 1, name: "Region" }).waitFor();
  assert.deepEqual(await page.getByRole("navigation", { name: "Main menu" }).getByRole("link").allTextContents(), ["Region"]);
  const info = page.locator('table[data-theme="info"]');
  await info.locator("caption").getByText(`Reach of the information points and registration in the BRP: per municipality and for the region, ${thisYear}`).waitFor();
  assert.deepEqual(await info.locator("thead th[scope=col]").allInnerTexts(), [
    "Indicator", "Rotterdam", "'s-Gravenhage", "Region", "Region, previous period", "Region, change",
  ]);
  await cell(page, visitors, "region").getByText("a person may count in more than one municipality").waitFor();
  await cell(page, "zelfredzaamheid.cursisten_moe_pct", "region").getByText("not added up", { exact: true }).waitFor();
  await cell(page, "info.bezoek_onderwerpen", other.municipality).getByText(/ and 1 more$/).waitFor();
  await page.getByTestId("not-sharing").getByText("Does not share its figures: Eindhoven", { exact: true }).waitFor();
  await page.getByLabel("Kind of period").selectOption("month");
  await page.getByLabel("Month", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByTestId("region-scope").getByText(`Figures for January ${thisYear}`).waitFor();

  const text = await page.locator("body").innerText();
  const escape = (d) => d.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const left = dutchTexts().filter((d) => new RegExp(`(^|[^\\p{L}])${escape(d)}($|[^\\p{L}])`, "u").test(text));
  assert.deepEqual(left, [], "Dutch left on the region");
  assert.deepEqual(await axe(page), [], "axe on the region in English");

  // Back to Dutch.
  await page.getByRole("button", { name: "Nederlands" }).click();
  await page.getByRole("heading", { level: 1, name: "Regio" }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
