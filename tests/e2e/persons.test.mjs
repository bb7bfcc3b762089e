// People without a BSN (issue 16, part 3): the desk and a partner register
// the same human without a BSN; on "Personen zonder BSN" the desk finds the
// partner's record as a possible match without seeing its names, links it
// (the dashboard counts the human once) and unlinks it (twice again).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, api, menu, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

async function uniqueVisitors(page) {
  await menu(page, "Dashboard");
  await page.getByText(`Cijfers over ${thisYear}`).waitFor();
  const text = await page.getByTestId("value-info.unieke_bezoekers").textContent();
  return Number(text.replace(/\./g, ""));
}

test("a match of another partner is suggested, linked (counted once) and unlinked", async () => {
  const date = `${thisYear}-01-01`;
  const desk = await grip.signIn("balie");
  let r = await api(desk, "POST", "/records/person", { id: "E2E-ZB-1", given_name: "José", family_name: "van der Berg", birth_date: "1990-05-01" });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await api(desk, "POST", "/records/activity", { id: "E2E-ZB-V1", type: "infopunt_bezoek", date, person: "E2E-ZB-1", location: grip.places.infopunt });
  assert.equal(r.status, 201, JSON.stringify(r.body));

  const partner = await grip.signIn("partner");
  r = await api(partner, "POST", "/records/person", { id: "E2E-ZB-2", given_name: "Jose", family_name: "Berg van der", birth_year: 1990, client_number: "KP-GEHEIM" });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await api(partner, "POST", "/records/activity", { id: "E2E-ZB-V2", type: "infopunt_bezoek", date, person: "E2E-ZB-2", organisation: grip.places.partner });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await partner.context().close();

  const before = await uniqueVisitors(desk);

  await menu(desk, "Personen zonder BSN");
  await desk.getByRole("heading", { level: 1, name: "Personen zonder BSN" }).waitFor();
  await desk.getByLabel("Kenmerk van de persoon").fill("E2E-ZB-1");
  await desk.getByRole("button", { name: "Mogelijke matches zoeken" }).click();
  const row = desk.locator('tr[data-id="E2E-ZB-2"]');
  await row.getByText("Mogelijke match").waitFor();
  await row.getByText("Persoon van een andere organisatie").waitFor();
  assert.equal(await desk.getByText("Berg van der").count(), 0, "no names of the partner's person");
  assert.equal(await desk.getByText("KP-GEHEIM").count(), 0);
  assert.deepEqual(await axe(desk), [], "axe on the suggestions");

  await row.getByRole("button", { name: "Koppelen aan E2E-ZB-2" }).click();
  await desk.getByText("Gekoppeld aan E2E-ZB-2").waitFor();
  await desk.locator('tr[data-id="E2E-ZB-2"]').getByText("Gekoppeld", { exact: true }).waitFor();
  assert.equal(await uniqueVisitors(desk), before - 1, "linked: one human, counted once");

  await menu(desk, "Personen zonder BSN");
  await desk.getByLabel("Kenmerk van de persoon").fill("E2E-ZB-1");
  await desk.getByRole("button", { name: "Mogelijke matches zoeken" }).click();
  await desk.getByRole("button", { name: "Ontkoppelen van E2E-ZB-2" }).click();
  await desk.getByText("Ontkoppeld van E2E-ZB-2").waitFor();
  await desk.locator('tr[data-id="E2E-ZB-2"]').getByText("Mogelijke match").waitFor();
  assert.equal(await uniqueVisitors(desk), before, "unlinked: two persons again");
  assert.deepEqual(desk.problems, []);
});
