// The work queues of casework (issue 5, "Cases: my queue, my team's"): a
// colleague of the same team finds the team's reports in "Zaken van mijn
// team" and not in "Mijn zaken"; the area filter keeps the cases of one wijk;
// and the casework screens (queue, case, new report, motions, covenant) in
// English, without Dutch texts of the interface left over. axe-core finds no violations on these screens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGrip, axe, api, menu, repo, unexpectedProblems, thisYear } from "./harness.mjs";

let grip;
let inWijk; // a report in the first wijk: { id, wijk }
let elsewhere; // a report in another wijk

before(async () => {
  grip = await startGrip();
  // Two addresses in different wijken, from the generated city.
  const records = readFileSync(join(grip.dir, "city.ndjson"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const wijkOf = new Map(records.filter((r) => r.kind === "area" && r.level === "buurt").map((r) => [r.code, r.parent]));
  const addresses = records.filter((r) => r.kind === "address" && wijkOf.has(r.area));
  const first = addresses[0];
  const other = addresses.find((a) => wijkOf.get(a.area) !== wijkOf.get(first.area));
  assert.ok(other, "the city has addresses in two wijken");

  // The inspector registers both reports for the team; a colleague joins the team.
  const page = await grip.signIn("inspecteur");
  const open = async (id, address) => {
    // The address as people know it: found by postcode and house number,
    // after which the inspector may refer to it (for a day).
    const found = await api(page, "POST", "/addresses/search",
                            { postcode: address.postcode, house_number: address.house_number, suffix: address.suffix ?? "" });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.ok(found.body.items.some((a) => a.id === address.id), "the search finds the address");
    const r = await api(page, "POST", "/cases", {
      type: "melding_overbewoning",
      record: { id, type: "melding_overbewoning", date: `${thisYear}-03-02`, address: address.id, organisation: grip.places.inspectorate },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  inWijk = { id: await open("MEL-WIJK-1", first), wijk: wijkOf.get(first.area) };
  elsewhere = { id: await open("MEL-WIJK-2", other), wijk: wijkOf.get(other.area) };
  await page.context().close();
  // The colleague ("collega", handhaving) is made by the harness on the
  // command line: beheer may not give a role with personal data.
});
after(async () => grip?.stop());

// Chooses a queue (and an area) on the Zaken screen and shows it.
async function show(page, queue, area = "") {
  await page.getByLabel("Werkvoorraad", { exact: true }).selectOption(queue);
  await page.getByLabel("Gebied", { exact: true }).selectOption(area);
  await page.getByRole("button", { name: "Toon" }).click();
  await page.locator('[data-testid="cases"], [data-testid="no-cases"]').first().waitFor();
}

const row = (page, id) => page.locator(`tr[data-case="${id}"]`);

test("a colleague finds the team's cases in the team queue, not in their own", async () => {
  const page = await grip.signIn("collega");
  await menu(page, "Zaken");
  await page.getByRole("heading", { level: 1, name: "Zaken" }).waitFor();
  await show(page, "team");
  await page.getByRole("table").getByText(/^Zaken van mijn team/).waitFor();
  await row(page, inWijk.id).waitFor();
  await row(page, elsewhere.id).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the team queue");
  await show(page, "mine");
  assert.equal(await row(page, inWijk.id).count(), 0);
  assert.equal(await row(page, elsewhere.id).count(), 0);
  // A policy adviser has no team: no team queue offered.
  const adviser = await grip.signIn("adviseur");
  await menu(adviser, "Zaken");
  const queues = await adviser.getByLabel("Werkvoorraad", { exact: true }).locator("option").evaluateAll((o) => o.map((x) => x.value));
  assert.ok(!queues.includes("team"), `queues of beleid: ${queues}`);
  await adviser.context().close();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the area filter keeps the cases of one wijk", async () => {
  const page = await grip.signIn("inspecteur");
  await menu(page, "Zaken");
  await show(page, "open", inWijk.wijk);
  await row(page, inWijk.id).waitFor();
  assert.equal(await row(page, elsewhere.id).count(), 0, "a case of another wijk is left out");
  assert.equal(new URL(page.url()).searchParams.get("gebied"), inWijk.wijk);
  assert.deepEqual(await axe(page), [], "axe on the filtered queue");
  await show(page, "open", elsewhere.wijk);
  await row(page, elsewhere.id).waitFor();
  assert.equal(await row(page, inWijk.id).count(), 0);
  // The whole city again: both.
  await show(page, "open", "");
  await row(page, inWijk.id).waitFor();
  await row(page, elsewhere.id).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

// The interface's own Dutch texts of these screens (not the catalogue's data,
// which is Dutch in both languages), for finding leftovers.
function dutchTexts() {
  const nl = JSON.parse(readFileSync(join(repo, "web/src/i18n/nl.json"), "utf8"));
  const en = JSON.parse(readFileSync(join(repo, "web/src/i18n/en.json"), "utf8"));
  // What the catalogue says (labels of steps and inputs) is its data, Dutch in both languages.
  const data = ["programme.json", "workflows.json"].map((f) => readFileSync(join(grip.catalogue, f), "utf8")).join("\n");
  return Object.keys(nl)
    .filter((k) => /^(cases|caseReason|covenant|motions|nav|header|app|area|common)\./.test(k) && nl[k] !== en[k])
    .flatMap((k) => nl[k].split(/\{\w+\}/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 8 && !data.includes(`"${part}"`));
}

async function noDutch(page, where) {
  const text = await page.locator("body").innerText();
  // As whole words: a Dutch word inside the catalogue's data ("Voortgangsrapportage") is data.
  const escape = (d) => d.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const left = dutchTexts().filter((d) => new RegExp(`(^|[^\\p{L}])${escape(d)}($|[^\\p{L}])`, "u").test(text));
  assert.deepEqual(left, [], `Dutch left on ${where}`);
}

test("the casework screens in English", async () => {
  const page = await grip.signIn("inspecteur");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  await menu(page, "Cases");
  await page.getByRole("heading", { level: 1, name: "Cases" }).waitFor();
  await page.getByLabel("Queue", { exact: true }).selectOption("open");
  await page.getByLabel("Case type", { exact: true }).waitFor();
  await page.getByLabel("Area", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Show" }).click();
  await row(page, inWijk.id).waitFor();
  await noDutch(page, "the queue");
  assert.deepEqual(await axe(page), [], "axe on the queue in English");

  await row(page, inWijk.id).getByRole("link").click();
  await page.getByRole("heading", { level: 1, name: `Case ${inWijk.id}: Melding mogelijke overbewoning` }).waitFor();
  await page.getByRole("heading", { level: 2, name: "What you can do now" }).waitFor();
  await page.getByRole("button", { name: "Add note" }).waitFor();
  await page.getByRole("button", { name: "Assign", exact: true }).waitFor();
  // A refused step in English: the reason next to its field.
  await page.getByTestId("case-actions").locator("ul").getByRole("button", { name: "Triage starten" }).click();
  await page.locator('form[data-step="triage"]').getByRole("button", { name: "Triage starten" }).click();
  await page.getByTestId("case-state").getByText("Triage", { exact: true }).waitFor();
  await page.getByTestId("case-actions").locator("ul").getByRole("button", { name: "Afsluiten" }).click();
  const close = page.locator('form[data-step="afsluiten"]');
  await close.getByRole("button", { name: "Afsluiten" }).click();
  await close.getByText("Fill this in: the step needs it.").waitFor();
  await noDutch(page, "a case");
  assert.deepEqual(await axe(page), [], "axe on a case in English");

  await menu(page, "Cases");
  await page.getByRole("link", { name: "Register a new report of possible overcrowding" }).click();
  await page.getByRole("heading", { level: 1, name: "New report of overcrowding" }).waitFor();
  await noDutch(page, "the new report");
  assert.deepEqual(await axe(page), [], "axe on the new report in English");

  // The motions register and the covenant, as a policy adviser.
  const adviser = await grip.signIn("adviseur");
  await adviser.getByRole("button", { name: "English" }).click();
  await menu(adviser, "Motions");
  await adviser.getByRole("heading", { level: 1, name: "Motions" }).waitFor();
  await adviser.getByTestId("motions").waitFor();
  await noDutch(adviser, "the motions register");
  assert.deepEqual(await axe(adviser), [], "axe on the register in English");
  await menu(adviser, "Covenant");
  await adviser.getByRole("heading", { level: 1, name: "Covenant" }).waitFor();
  await adviser.getByTestId("partners").waitFor();
  await noDutch(adviser, "the covenant");
  assert.deepEqual(await axe(adviser), [], "axe on the covenant in English");
  assert.deepEqual(unexpectedProblems(adviser), []);
  await adviser.context().close();

  // Back to Dutch for the next tests' pages (the choice is kept per browser).
  await page.getByRole("button", { name: "Nederlands" }).click();
  await page.getByRole("heading", { level: 1, name: "Nieuwe melding van overbewoning" }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
