// Forms from the catalogue (issue 16, parts 1 and 2): one record of every
// activity type, aggregate type and the milestone of the shipped catalogue,
// registered through the forms by a role that may, each counted on the
// dashboard (or, for a type no figure counts, in the list of one's
// registrations); a report of overcrowding by postcode and house number; a
// new address added that way, its buurt filled in from the postcode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGrip, api, axe, menu, thisYear } from "./harness.mjs";

let grip;
let catalogue;
let addresses;
before(async () => {
  grip = await startGrip();
  catalogue = JSON.parse(readFileSync(join(grip.catalogue, "programme.json"), "utf8"));
  addresses = readFileSync(join(grip.dir, "city.ndjson"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.kind === "address");
});
after(async () => grip?.stop());

const labelOf = (code) => catalogue.activity_types.find((a) => a.code === code).label;

// Opens the form of a type in the registration screen.
async function choose(page, key, label) {
  await page.getByLabel("Soort registratie").selectOption({ label });
  return waitForm(page, key);
}

async function waitForm(page, key) {
  const form = page.locator(`form[data-form="${key}"]`);
  await form.waitFor();
  return form;
}

async function save(page, form, label) {
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  await page.getByTestId("registration-status").getByText(new RegExp(`^Opgeslagen: ${label.replace(/[()]/g, ".")}`)).waitFor();
}

async function newPerson(form, nationality = "PL") {
  await form.getByRole("button", { name: "Nieuwe persoon zonder BSN" }).click();
  await form.getByLabel("Nationaliteit").fill(nationality);
}

async function findAddress(form, address) {
  await form.getByLabel("Postcode").fill(address.postcode);
  await form.getByLabel("Huisnummer").fill(String(address.house_number));
  await form.getByLabel("Huisletter of toevoeging").fill(address.suffix ?? "");
  await form.getByRole("button", { name: "Zoek adres" }).click();
  await form.getByText(/^Gevonden in Grip/).waitFor();
}

async function pick(form, label, index = 1) {
  await form.getByLabel(label, { exact: true }).selectOption({ index });
}

async function figures(page) {
  const result = await api(page, "GET", `/indicators?period=${thisYear}`);
  assert.equal(result.status, 200);
  return Object.fromEntries(Object.entries(result.body.indicators).map(([code, i]) => [code, i.value]));
}

test("every activity type, aggregate type and the milestone is registered through its form and counted", async () => {
  const adviseur = await grip.signIn("adviseur");
  const before = await figures(adviseur);
  // The activity types each role registers here (the roles that may, per roles.json).
  const plan = {
    balie: ["infopunt_bezoek", "digid_hulp", "bemiddeling_werk", "campagneronde", "informatiebijeenkomst", "groepsinschrijving", "banenmarkt"],
    partner: ["toeleiding_werk", "cursus_inschrijving", "sleutelfiguur", "klankbordgroep", "terugkeer", "opvang_intake"],
    inspecteur: ["melding_overbewoning", "eerste_vestiging", "leegstandscontrole", "integrale_controle", "huisbezoek", "bouwplaatscontrole", "dossier_nla"],
  };
  const planned = Object.values(plan).flat();
  assert.deepEqual([...planned].sort(), catalogue.activity_types.map((a) => a.code).sort(), "every activity type of the shipped catalogue");
  const known = addresses.find((a) => a.area) ?? addresses[0];

  // What each type needs beyond date, location and organisation.
  const fill = {
    infopunt_bezoek: async (f) => { await newPerson(f); await f.getByLabel("werk", { exact: true }).check(); },
    digid_hulp: async (f) => { await newPerson(f); await f.getByLabel("DigiD geactiveerd").check(); },
    bemiddeling_werk: async (f) => { await newPerson(f); },
    campagneronde: async (f) => { await f.getByLabel("Bereik").fill("1200"); },
    informatiebijeenkomst: async (f) => { await f.getByLabel("Aantal personen").fill("25"); await f.getByLabel("Onderwerpen").fill("wonen\nwerk"); },
    groepsinschrijving: async (f) => { await pick(f, "Organisatie"); await f.getByLabel("Aantal personen").fill("12"); },
    banenmarkt: async (f) => { await pick(f, "Organisatie"); await f.getByLabel("Aantal personen").fill("40"); await f.getByLabel("Organisator").fill("Werkgeversservicepunt"); },
    toeleiding_werk: async (f) => { await newPerson(f); await f.getByRole("group", { name: "Dakloos" }).getByLabel("Ja").check(); },
    cursus_inschrijving: async (f) => { await pick(f, "Locatie"); await newPerson(f); await f.getByLabel("formeel traject", { exact: true }).check(); },
    sleutelfiguur: async (f) => { await pick(f, "Gebied"); await newPerson(f); },
    klankbordgroep: async (f) => { await pick(f, "Gebied"); await f.getByLabel("Aantal personen").fill("9"); },
    terugkeer: async (f) => { await newPerson(f, "RO"); await f.getByLabel("Land van terugkeer").fill("RO"); },
    opvang_intake: async (f) => { await pick(f, "Locatie"); await newPerson(f); },
    melding_overbewoning: async (f) => { await findAddress(f, known); await f.getByLabel("overbewoning door EU-arbeidsmigranten").check(); await f.getByLabel("Bron van de melding").fill("buurtbewoner"); },
    eerste_vestiging: async (f) => { await newPerson(f); await findAddress(f, known); },
    leegstandscontrole: async (f) => { await findAddress(f, known); await f.getByLabel("bewoond door EU-arbeidsmigranten").check(); },
    integrale_controle: async (f) => { await pick(f, "Gebied"); },
    huisbezoek: async (f) => {
      await findAddress(f, known);
      await f.getByRole("group", { name: "Misstand geconstateerd" }).getByLabel("Ja").check();
      await f.getByLabel("Misstanden").fill("brandveiligheid\nte veel bedden");
    },
    bouwplaatscontrole: async (f) => { await findAddress(f, known); await f.getByRole("group", { name: "Misstand geconstateerd" }).getByLabel("Ja").check(); },
    dossier_nla: async () => {},
  };
  for (const [user, codes] of Object.entries(plan)) {
    const page = await grip.signIn(user);
    await menu(page, "Registreren");
    await page.getByRole("heading", { level: 1, name: "Registreren" }).waitFor();
    for (const code of codes) {
      const form = await choose(page, `activity:${code}`, labelOf(code));
      await fill[code](form);
      await save(page, form, labelOf(code));
    }
    if (user === "partner") {
      // An aggregate: a total per period, of the partner's organisation.
      for (const g of catalogue.aggregate_types) {
        const form = await choose(page, `aggregate:${g.code}`, g.label);
        await form.getByLabel("Periode").fill(`${thisYear}-01`);
        await form.getByLabel("Waarde").fill("7");
        await save(page, form, g.label);
      }
    }
    assert.deepEqual(await axe(page), [], `axe on the registration screen of ${user}`);
    assert.deepEqual(page.problems, [], `no errors in the page of ${user}`);
    await page.context().close();
  }

  // The milestone, by beleid.
  await menu(adviseur, "Registreren");
  const milestone = await waitForm(adviseur, "milestone");
  await milestone.getByLabel("Thema").selectOption({ label: catalogue.themes[0].label });
  await milestone.getByLabel("Omschrijving").fill("Tweede infopunt geopend");
  await milestone.getByLabel("Stand").selectOption({ label: "gerealiseerd" });
  await save(adviseur, milestone, "Mijlpaal");
  await menu(adviseur, "Mijn registraties");
  await adviseur.getByLabel("Soort gegevens").selectOption({ label: "Mijlpalen" });
  await adviseur.getByRole("button", { name: "Tonen" }).click();
  await adviseur.getByTestId("registrations").getByText("Tweede infopunt geopend").waitFor();

  // Each counted: the dashboard shows the figures one more (or the number registered).
  const after = await figures(adviseur);
  const expected = {
    "werk.banenmarkt_bereik": 40, "werk.dakloos_aan_werk": 1, "info.campagnerondes": 1, "info.bijeenkomsten": 1,
    "info.groepsinschrijvingen": 1, "info.digid_geactiveerd": 1, "info.unieke_bezoekers": 1,
    "handhaving.meldingen_overbewoning": 1, "handhaving.overbewoning_eu": 1, "handhaving.eerste_vestiging": 1,
    "handhaving.leegstandscontroles": 1, "handhaving.leegstand_bewoond_eu": 1, "handhaving.integrale_controles": 1,
    "handhaving.huisbezoeken": 1, "handhaving.bouwplaatscontroles": 1, "handhaving.bouwplaats_misstand": 1,
    "handhaving.dossiers_nla": 1, "handhaving.boetes_nla": 7, "zelfredzaamheid.sleutelfiguren": 1,
    "zelfredzaamheid.cursus_formeel_eu": 1, "zelfredzaamheid.klankbordgroepen": 1, "dakloos.terugkeer": 1,
    "dakloos.opvang_opgevangen": 1,
  };
  await adviseur.goto(`/dashboard?periode=${thisYear}`);
  await adviseur.getByText(`Cijfers over ${thisYear}`).waitFor();
  for (const [code, delta] of Object.entries(expected)) {
    assert.equal(after[code], (before[code] ?? 0) + delta, `${code} counts what was registered`);
    const shown = await adviseur.getByTestId(`value-${code}`).first().textContent();
    assert.equal(Number(shown.replace(/\./g, "").replace(",", ".")), after[code], `${code} on the dashboard`);
  }
  // A home visit with an abuse counts its address (once, whatever was there before).
  assert.ok(after["handhaving.woningen_misstand"] >= before["handhaving.woningen_misstand"]);
  await adviseur.context().close();

  // Mediation to work, which no figure counts, is in the desk's list.
  const desk = await grip.signIn("balie");
  await menu(desk, "Mijn registraties");
  await desk.getByLabel("Soort registratie").selectOption({ label: labelOf("bemiddeling_werk") });
  await desk.getByRole("button", { name: "Tonen" }).click();
  // The list as chosen (the list shown before "Tonen" may still be there a moment).
  const wanted = await bemiddelingen(desk);
  const rows = desk.getByTestId("registrations").locator("tbody tr");
  for (let i = 0; i < 100 && (await rows.count()) !== wanted; i++) await desk.waitForTimeout(100);
  assert.equal(await rows.count(), wanted);
  await desk.context().close();
});

async function bemiddelingen(page) {
  const list = await api(page, "GET", `/records/activity?type=bemiddeling_werk&period=${thisYear}&limit=500`);
  return list.body.items.length;
}

test("a report of overcrowding by postcode and house number, and a new address added that way", async () => {
  const page = await grip.signIn("inspecteur");
  await menu(page, "Registreren");
  // The report: the address found by what people know, never its id.
  const known = addresses.find((a) => a.area && !a.suffix) ?? addresses[0];
  let form = await choose(page, "activity:melding_overbewoning", labelOf("melding_overbewoning"));
  assert.equal(await form.getByText(/Kenmerk van het adres/).count(), 0, "no internal id to type");
  await form.getByLabel("Postcode").fill(known.postcode.toLowerCase().replace(" ", ""));
  await form.getByLabel("Huisnummer").fill(String(known.house_number));
  await form.getByLabel("Huisnummer").press("Enter");
  await form.getByText(/^Gevonden in Grip/).waitFor();
  await form.getByLabel("in onderzoek").check();
  await save(page, form, labelOf("melding_overbewoning"));
  const reports = await api(page, "GET", `/records/activity?type=melding_overbewoning&period=${thisYear}&limit=500`);
  assert.ok(reports.body.items.some((r) => r.address === known.id && r.attributes?.uitkomst === "in_onderzoek"), "the report refers to the address found");

  // A new address: not in Grip, added with street and place; its buurt comes from the postcode.
  const number = 9000 + Math.floor(Math.random() * 900);
  form = await choose(page, "activity:leegstandscontrole", labelOf("leegstandscontrole"));
  await form.getByLabel("Postcode").fill(known.postcode);
  await form.getByLabel("Huisnummer").fill(String(number));
  await form.getByLabel("Huisletter of toevoeging").fill("B");
  await form.getByRole("button", { name: "Zoek adres" }).click();
  await form.getByText("Dit adres staat niet in Grip. Vul straat en plaats in om het toe te voegen.").waitFor();
  await form.getByText(/^Buurt ingevuld uit de adressen met deze postcode/).waitFor();
  assert.equal(await form.getByLabel("Buurt", { exact: true }).inputValue(), known.area, "the buurt of the postcode");
  await form.getByLabel("Straat").fill("Nieuwe Teststraat");
  await form.getByLabel("Plaats").fill("Rotterdam");
  await form.getByLabel("leeg", { exact: true }).check();
  assert.deepEqual(await axe(page), [], "axe with a new address");
  await save(page, form, labelOf("leegstandscontrole"));
  const found = await api(page, "POST", "/addresses/search", { postcode: known.postcode, house_number: number, suffix: "B" });
  assert.equal(found.body.items.length, 1, "the new address is in Grip");
  assert.equal(found.body.items[0].street, "Nieuwe Teststraat");
  assert.equal(found.body.items[0].area, known.area);

  // Found again the next time, not added twice.
  form = await choose(page, "activity:huisbezoek", labelOf("huisbezoek"));
  await findAddress(form, { postcode: known.postcode, house_number: number, suffix: "B" });
  await form.getByRole("group", { name: "Misstand geconstateerd" }).getByLabel("Nee").check();
  await save(page, form, labelOf("huisbezoek"));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
