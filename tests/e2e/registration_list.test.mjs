// What got in the way when registering (issue 16, part 6), and the list to
// correct and withdraw what one registered (part 1): a list attribute
// without fixed values is a list; DigiD help needs its result; a second
// click after a save registers no empty person; "Opgeslagen" goes when the
// type changes; the server's reasons are shown once, in Dutch, with the
// allowed values; a registration corrected and withdrawn with its reason.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGrip, api, axe, menu, thisYear, unexpectedProblems } from "./harness.mjs";

let grip;
let known;
before(async () => {
  grip = await startGrip();
  // The address the inspectorate checked before (the harness's places.address).
  known = readFileSync(join(grip.dir, "city.ndjson"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.id === grip.places.address);
});
after(async () => grip?.stop());

async function registration(page, key, label) {
  await menu(page, "Registreren");
  await page.getByLabel("Soort registratie").selectOption({ label });
  const form = page.locator(`form[data-form="${key}"]`);
  await form.waitFor();
  return form;
}

const status = (page) => page.getByTestId("registration-status");

async function ownActivities(page, type) {
  const list = await api(page, "GET", `/records/activity?type=${type}&period=${thisYear}&limit=500`);
  return list.body.items.filter((r) => r.id.startsWith("A-WEB-"));
}

test("a home visit's abuses (a list without fixed values) are typed one per line and stored as a list", async () => {
  const page = await grip.signIn("inspecteur");
  const form = await registration(page, "activity:huisbezoek", "Huisbezoek");
  await form.getByLabel("Postcode").fill(known.postcode);
  await form.getByLabel("Huisnummer").fill(String(known.house_number));
  await form.getByLabel("Huisletter of toevoeging").fill(known.suffix ?? "");
  await form.getByRole("button", { name: "Zoek adres" }).click();
  await form.getByText(/^Gevonden in Grip/).waitFor();
  await form.getByRole("group", { name: "Misstand geconstateerd" }).getByLabel("Ja").check();
  await form.getByLabel("Misstanden").fill("brandgevaarlijke situatie\n\n  te veel bedden  \n");
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  await status(page).getByText(/^Opgeslagen: Huisbezoek/).waitFor();
  const [visit] = await ownActivities(page, "huisbezoek");
  assert.deepEqual(visit.attributes.misstanden, ["brandgevaarlijke situatie", "te veel bedden"]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("DigiD help needs its result; a second click after a save registers nobody; the message goes with the type", async () => {
  const page = await grip.signIn("balie");
  const form = await registration(page, "activity:digid_hulp", "Hulp bij DigiD");
  await form.getByRole("button", { name: "Nieuwe persoon zonder BSN" }).click();
  await form.getByLabel("Nationaliteit").fill("BG");
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  // Required by the catalogue (required: true): refused next to the field, with the values.
  const result = form.getByRole("group", { name: "Resultaat" });
  await result.getByText("Kies een van: DigiD geactiveerd, niet gelukt.").waitFor();
  assert.equal(await result.getByLabel("DigiD geactiveerd").getAttribute("aria-invalid"), "true");
  assert.equal((await ownActivities(page, "digid_hulp")).length, 0, "nothing saved");
  assert.deepEqual(await axe(page), [], "axe with the missing result");
  await result.getByLabel("DigiD geactiveerd").check();
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  await status(page).getByText(/^Opgeslagen: Hulp bij DigiD/).waitFor();
  const persons = (await api(page, "GET", "/records/person?limit=500")).body.items.length;

  // Once more without a person: no new, empty person, and no second registration.
  const again = page.locator('form[data-form="activity:digid_hulp"]');
  await again.getByRole("button", { name: "Registreren", exact: true }).click();
  await again.getByText("Zoek de persoon op BSN, of kies ‘Nieuwe persoon zonder BSN’.").waitFor();
  assert.equal((await api(page, "GET", "/records/person?limit=500")).body.items.length, persons, "no empty person");
  assert.equal((await ownActivities(page, "digid_hulp")).length, 1, "one registration");

  // A save, then another type: the message of the save goes.
  await again.getByRole("button", { name: "Nieuwe persoon zonder BSN" }).click();
  await again.getByLabel("niet gelukt").check();
  await again.getByRole("button", { name: "Registreren", exact: true }).click();
  await status(page).getByText(/^Opgeslagen: Hulp bij DigiD/).waitFor();
  await page.getByLabel("Soort registratie").selectOption({ label: "Bezoek aan een informatiepunt" });
  await page.locator('form[data-form="activity:infopunt_bezoek"]').waitFor();
  assert.equal(await page.getByText(/Opgeslagen/).count(), 0, "no message of the previous type");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the server's reasons are shown once, in Dutch, with the allowed values", async () => {
  const page = await grip.signIn("balie");
  let tamper = null;
  // What another client might send: the server's answer is what is tested.
  await page.route("**/api/v1/records/activity", async (route) => {
    if (!tamper || route.request().method() !== "POST") return route.continue();
    const body = JSON.parse(route.request().postData());
    tamper(body);
    await route.continue({ postData: JSON.stringify(body) });
  });
  const form = await registration(page, "activity:digid_hulp", "Hulp bij DigiD");
  await form.getByRole("button", { name: "Nieuwe persoon zonder BSN" }).click();
  await form.getByLabel("DigiD geactiveerd").check();

  // A value the catalogue does not allow: the field says which ones it does.
  tamper = (body) => (body.attributes.resultaat = "half");
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  const result = form.getByRole("group", { name: "Resultaat" });
  await result.getByText("Kies een van: DigiD geactiveerd, niet gelukt.").waitFor();
  assert.equal(await page.getByText("Kies een van: DigiD geactiveerd, niet gelukt.").count(), 1, "once");

  // Another location than one's own: refused in Dutch, once, without the server's English.
  const other = (await api(page, "GET", "/records/location?limit=500")).body.items.find((l) => !l.id.startsWith("DH-") && l.id !== grip.places.infopunt);
  tamper = (body) => (body.location = other.id);
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  const refusal = "U mag alleen registreren voor uw eigen organisatie of op uw eigen locaties.";
  await form.getByText(refusal, { exact: false }).first().waitFor();
  const text = await form.innerText();
  assert.equal(text.split("eigen organisatie of op uw eigen locaties").length - 1, 1, "once:\n" + text);
  assert.ok(!/must be|refers to|not valid/.test(text), "no English");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("a registration is corrected and withdrawn, with its reason, from the list of one's registrations", async () => {
  const page = await grip.signIn("balie");
  const form = await registration(page, "activity:infopunt_bezoek", "Bezoek aan een informatiepunt");
  await form.getByRole("button", { name: "Nieuwe persoon zonder BSN" }).click();
  await form.getByLabel("werk", { exact: true }).check();
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  await status(page).getByText(/^Opgeslagen: Bezoek aan een informatiepunt/).waitFor();
  const [visit] = await ownActivities(page, "infopunt_bezoek");

  await menu(page, "Mijn registraties");
  await page.getByRole("heading", { level: 1, name: "Mijn registraties" }).waitFor();
  await page.getByLabel("Soort registratie").selectOption({ label: "Bezoek aan een informatiepunt" });
  await page.getByRole("button", { name: "Tonen" }).click();
  const row = page.locator(`tr[data-record="${visit.id}"]`);
  await row.getByText("Onderwerpen: werk").waitFor();
  assert.deepEqual(await axe(page), [], "axe on the list");

  // Corrected: another topic; a new version, the same record.
  await row.getByRole("button", { name: "Openen" }).click();
  const correct = page.locator('form[data-form="activity:infopunt_bezoek"]');
  await correct.waitFor();
  assert.equal(await correct.getByLabel("werk", { exact: true }).isChecked(), true, "the stored values filled in");
  await correct.getByLabel("werk", { exact: true }).uncheck();
  await correct.getByLabel("wonen", { exact: true }).check();
  await correct.getByRole("button", { name: "Verbetering opslaan" }).click();
  await page.getByText("De verbetering is opgeslagen.", { exact: false }).waitFor();
  const corrected = await api(page, "GET", `/records/activity/${visit.id}`);
  assert.deepEqual(corrected.body.attributes.onderwerpen, ["wonen"]);
  assert.equal(corrected.body.person, visit.person, "the same person");
  assert.equal(corrected.body._meta.version, 2);

  // Withdrawn: the reason is asked for, and kept in the history.
  await page.locator(`tr[data-record="${visit.id}"]`).getByRole("button", { name: "Openen" }).click();
  const withdraw = page.getByTestId("withdraw-form");
  await withdraw.getByRole("button", { name: "Intrekken" }).click();
  await withdraw.getByText("Vul de reden in waarom u de registratie intrekt.").waitFor();
  await withdraw.getByLabel("Reden van intrekken").fill("Dubbel geregistreerd");
  await withdraw.getByRole("button", { name: "Intrekken" }).click();
  await page.getByText("De registratie is ingetrokken.", { exact: false }).waitFor();
  await page.locator(`tr[data-record="${visit.id}"]`).waitFor({ state: "detached" });
  const history = await api(page, "GET", `/records/activity/${visit.id}/history`);
  const last = history.body.items.at(-1);
  assert.equal(last.withdrawn, true);
  assert.equal(last.reason, "Dubbel geregistreerd");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
