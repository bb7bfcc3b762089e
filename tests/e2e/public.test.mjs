// The public role (publiek: council members and the public) reads the
// dashboard as the figures are published: a small count of people in a
// buurt reads "onderdrukt" (with the reason for a screen reader), where the
// policy adviser sees the number; the server gives the public role no
// number for it either. axe-core finds no violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, api, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

test("a small count of people in a buurt reads 'onderdrukt' for the public role", async () => {
  const page = await grip.signIn("raad");
  const adviser = await grip.signIn("adviseur");
  const areas = (await api(page, "GET", "/records/area?limit=500")).body.items;
  const buurten = areas.filter((a) => a.level === "buurt");
  assert.ok(buurten.length > 0);

  // A buurt and a year in which the disclosure rule withholds a figure.
  let found = null;
  for (const year of [thisYear, thisYear - 1]) {
    for (const buurt of buurten) {
      const published = await api(page, "GET", `/indicators?period=${year}&area=${buurt.code}`);
      assert.equal(published.status, 200, JSON.stringify([year, buurt.code, published.body]));
      const code = Object.keys(published.body.indicators).find((c) => published.body.indicators[c].suppressed === true);
      if (code) {
        found = { year, buurt: buurt.code, code, published: published.body.indicators[code] };
        break;
      }
    }
    if (found) break;
  }
  assert.ok(found, "some figure of some buurt is withheld from the public");
  assert.equal(found.published.value, null, "no number for the public role");
  const full = await api(adviser, "GET", `/indicators?period=${found.year}&area=${found.buurt}`);
  assert.equal(typeof full.body.indicators[found.code].value, "number", "the adviser sees the number");
  assert.equal(full.body.indicators[found.code].suppressed, undefined);

  await page.goto(`/dashboard?periode=${found.year}&gebied=${found.buurt}`);
  await page.locator('[data-suppressed="true"]').first().waitFor();
  assert.match(await page.locator('[data-suppressed="true"]').first().innerText(), /onderdrukt/);
  assert.deepEqual(await axe(page), [], "axe on the public dashboard");
  assert.deepEqual(page.problems, []);
  await page.context().close();
  await adviser.context().close();
});
