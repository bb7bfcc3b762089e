// Targets and date ranges on the dashboard: a figure with a target
// (streefwaarde) shows its progress as a bar with the same in words (the
// number, the target, the share and the status: not by colour alone), and
// the adviser picks a from–to range in whole months, whose figures are the
// API's for that range. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, api, thisYear } from "./harness.mjs";

const year = thisYear - 1;
let grip;
before(async () => (grip = await startGrip({
  // One target the generated city cannot reach: the year is over, so it is missed.
  editCatalogue: (programme) => {
    programme.targets = [{ indicator: "handhaving.huisbezoeken", period: String(year), value: 100000, direction: "at_least" }];
  },
})));
after(async () => grip?.stop());

test("the dashboard shows a target's progress in words beside the figure", async () => {
  const page = await grip.signIn("adviseur");
  const figures = await api(page, "GET", `/indicators?period=${year}`);
  assert.equal(figures.status, 200);
  const visits = figures.body.indicators["handhaving.huisbezoeken"];
  assert.ok(visits.value > 0, "the city has home visits");
  assert.equal(visits.target.value, 100000);
  assert.equal(visits.target.status, "missed");
  assert.equal(figures.body.indicators["info.unieke_bezoekers"].target, undefined, "no target, no progress");

  await page.goto(`/dashboard?periode=${year}`);
  const mark = page.getByTestId("target-handhaving.huisbezoeken");
  await mark.waitFor();
  const text = (await mark.innerText()).trim();
  const shown = new Intl.NumberFormat("nl-NL").format(visits.value);
  assert.ok(text.includes(`${shown} van streefwaarde 100.000`), text);
  assert.match(text, /niet gehaald/);
  const bar = mark.locator("progress");
  assert.equal(await bar.getAttribute("aria-label"), text);
  assert.equal(Number(await bar.evaluate((el) => el.value)), visits.target.progress);
  assert.equal(await page.getByTestId("target-info.unieke_bezoekers").count(), 0);
  assert.deepEqual(await axe(page), [], "axe on the dashboard with a target");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the adviser picks a from–to range and sees its figures", async () => {
  const page = await grip.signIn("adviseur");
  await page.goto(`/dashboard?periode=${year}`);
  await page.getByTestId("dashboard-scope").waitFor();
  await page.getByLabel("Soort periode").selectOption({ label: "Van–tot (hele maanden)" });
  await page.getByLabel("Van", { exact: true }).fill(`${year}-03-15`);
  await page.getByLabel("Tot en met").fill(`${year}-05-10`);
  await page.getByRole("button", { name: "Toon" }).first().click();
  // Whole months: March up to and including May.
  await page.waitForURL(new RegExp(`periode=${year}-03-01\\.\\.${year}-05-31`));
  await page.getByTestId("dashboard-scope").filter({ hasText: `1 maart ${year} t/m 31 mei ${year}` }).waitFor();
  const range = await api(page, "GET", `/indicators?from=${year}-03-01&to=${year}-05-31`);
  assert.equal(range.status, 200);
  const shown = await page.getByTestId("value-info.unieke_bezoekers").textContent();
  assert.equal(Number(shown.replace(/\./g, "")), range.body.indicators["info.unieke_bezoekers"].value);
  // The picker keeps the range when the page is shown again.
  assert.equal(await page.getByLabel("Soort periode").inputValue(), "custom");
  assert.deepEqual(await axe(page), [], "axe on the dashboard over a range");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the public role's period picker offers calendar periods only", async () => {
  const page = await grip.signIn("raad");
  await page.goto(`/dashboard?periode=${year}`);
  await page.getByTestId("dashboard-scope").waitFor();
  const kinds = await page.getByLabel("Soort periode").locator("option").allTextContents();
  assert.deepEqual(kinds, ["Jaar", "Kwartaal", "Maand"]);
  const range = await api(page, "GET", `/indicators?from=${year}-03-01&to=${year}-05-31`);
  assert.equal(range.status, 403, "a range could be differenced with the calendar periods");
  await page.context().close();
});
