// The delivery calendar: beleid sees the demo city's sources by the months
// and quarters of this year, with the one late partner (a shelter whose
// intakes for March came in on 1 May, after their due date of 10 April) as
// "Te laat" in words, every other delivery on time; the dashboard marks the
// figures that depend on that shelter. beheer sees the calendar too, a
// desk user does not. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, api, menu, thisYear, unexpectedProblems } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const lateShelter = "G-LOC-005";  // "Opvang EU-burgers" of the generated city
const march = `${thisYear}-03`;

test("the calendar shows the one late partner, and the dashboard marks its figures", async () => {
  const page = await grip.signIn("adviseur");
  await menu(page, "Leverkalender");
  await page.getByRole("heading", { level: 1, name: "Leverkalender" }).waitFor();
  await page.getByTestId("calendar-summary").getByText(new RegExp(`^${thisYear}: \\d+ op tijd, 1 te laat`)).waitFor();

  // The late partner's March, in words; the only late cell of the year.
  const row = page.locator(`tr[data-source="${lateShelter}"]`);
  await row.getByRole("rowheader", { name: "Opvang EU-burgers" }).waitFor();
  assert.equal(await row.locator(`td[data-period="${march}"]`).innerText(), "Te laat");
  assert.equal(await page.locator('td[data-state="late"]').count(), 1);
  assert.match(await row.locator(`td[data-period="${thisYear}-01"]`).innerText(), /^Op tijd$/);

  // The same in the API.
  const { status, body } = await api(page, "GET", `/deliveries/calendar?year=${thisYear}`);
  assert.equal(status, 200);
  const late = body.rows.flatMap((r) => r.cells.filter((c) => c.state === "late").map((c) => [r.source.id, c.period]));
  assert.deepEqual(late, [[lateShelter, march]]);

  // The checks of the year are listed below it.
  await page.getByRole("heading", { level: 2, name: `Controles over cijfers, ${thisYear}` }).waitFor();
  assert.deepEqual(await axe(page), []);

  // The dashboard marks the figures that count the shelter's intakes.
  await menu(page, "Dashboard");
  await page.goto(`/dashboard?periode=${thisYear}`);
  const mark = page.getByTestId("coverage-dakloos.opvang_opgevangen");
  await mark.getByText(/Te laat geleverd door Opvang EU-burgers\./).waitFor();
  assert.equal(await page.getByTestId("coverage-info.infopunten").count(), 0, "a count of locations depends on no delivery");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
});

test("beheer sees the calendar, a desk user does not", async () => {
  const admin = await grip.signIn("beheerder");
  await menu(admin, "Leverkalender");
  await admin.locator(`tr[data-source="${lateShelter}"] td[data-period="${march}"]`).getByText("Te laat").waitFor();
  const desk = await grip.signIn("balie");
  assert.equal(await desk.getByRole("navigation").getByRole("link", { name: "Leverkalender" }).count(), 0);
  const { status } = await api(desk, "GET", `/deliveries/calendar?year=${thisYear}`);
  assert.equal(status, 403);
});
