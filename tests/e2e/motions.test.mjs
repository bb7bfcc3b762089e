// The motions register and the covenant partners (issue 5): a policy adviser
// registers a motion and takes its steps (progress note, proposed handling)
// in its case, and sees them in the register with the overdue signal; reports
// an abuse at a former partner, proves it, and sees the organisation's join
// refused with the reason next to the field; another organisation joins.
// axe-core finds no violations on these screens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, menu, unexpectedProblems, step, state, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

test("the motions register: register a motion, a progress note, a proposed handling", async () => {
  const page = await grip.signIn("adviseur");
  await menu(page, "Moties");
  await page.getByRole("heading", { level: 1, name: "Moties" }).waitFor();
  await page.getByTestId("motions").waitFor();
  assert.deepEqual(await axe(page), [], "axe on the register");

  // A delivered motion without a case gets one to take its steps in.
  const openCase = page.getByRole("button", { name: /^Zaak openen voor / }).first();
  if (await openCase.count()) {
    await openCase.click();
    await page.getByRole("heading", { level: 1, name: /^Zaak \d+: Motie, toezegging of amendement$/ }).waitFor();
    await menu(page, "Moties");
    await page.getByTestId("motions").waitFor();
  }

  // The title is required: said next to the field.
  const id = `${String(thisYear).slice(2)}bb009901`;
  await page.getByLabel("Nummer").fill(id);
  await page.getByRole("button", { name: "Registreren" }).click();
  assert.equal(await page.getByLabel("Titel").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Titel").fill("Huisvesting van arbeidsmigranten in beeld");
  await page.getByLabel("Indiener (fractie)").fill("Fractie Voorbeeld");
  await page.getByLabel("Commissie").fill("Bouwen, Wonen en Buitenruimte");
  await page.getByLabel("Stemming").selectOption("aangenomen");
  await page.getByLabel("Verwachte afhandeling").fill(`${thisYear - 1}-12-01`);
  await page.getByLabel("Tekst (dictum)").fill("Verzoekt het college jaarlijks te rapporteren over de huisvesting.");
  await page.getByRole("button", { name: "Registreren" }).click();
  await page.getByRole("heading", { level: 1, name: /^Zaak \d+: Motie, toezegging of amendement$/ }).waitFor();
  await page.getByText(`${id} is geregistreerd in het register.`).waitFor();
  await state(page, "Open");
  assert.deepEqual(await axe(page), [], "axe on the motion's case");

  await step(page, "Tussenbericht", "tussenbericht", async (f) => {
    await f.getByLabel("Datum", { exact: true }).fill(`${thisYear}-02-01`);
    await f.getByLabel("Tekst", { exact: true }).fill("De eerste gesprekken met werkgevers zijn gevoerd.");
  });
  await state(page, "In uitvoering");
  // A step without its text is refused next to the field.
  const form = await step(page, "Afdoening voorstellen", "afdoening_voorstellen");
  await form.getByText("Vul dit in: deze stap vraagt erom.").waitFor();
  assert.equal(await form.getByLabel("Tekst", { exact: true }).getAttribute("aria-invalid"), "true");
  await form.getByLabel("Tekst", { exact: true }).fill("Het college rapporteert voortaan in de voortgangsrapportage.");
  await form.getByRole("button", { name: "Afdoening voorstellen", exact: true }).click();
  await state(page, "Afdoening voorgesteld");
  await page.getByTestId("history").getByText("De eerste gesprekken met werkgevers zijn gevoerd.").first().waitFor();

  await menu(page, "Moties");
  const row = page.locator(`tr[data-motion="${id}"]`);
  await row.getByText("Afdoening voorgesteld").waitFor();
  await row.getByText(`${thisYear}-02-01: De eerste gesprekken met werkgevers zijn gevoerd.`).waitFor();
  await row.getByText("(termijn verstreken)").waitFor();
  await row.getByRole("link", { name: `Stappen van ${id}` }).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the register with the new motion");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the covenant: an abuse proven, the join refused with its reason, another joins", async () => {
  const page = await grip.signIn("adviseur");
  await menu(page, "Convenant");
  await page.getByRole("heading", { level: 1, name: "Convenant" }).waitFor();
  await page.getByTestId("partners").getByText("Flexwerk Zuid B.V.").waitFor();
  assert.deepEqual(await axe(page), [], "axe on the covenant");

  // An abuse at a former partner; without a description it is refused next to the field.
  await page.getByLabel("Organisatie").nth(1).selectOption({ label: "Snelle Handen Uitzendbureau B.V." });
  await page.getByRole("button", { name: "Misstand melden" }).click();
  await page.getByText("Vul dit in: deze stap vraagt erom.").waitFor();
  assert.equal(await page.getByLabel("Omschrijving van de misstand").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Omschrijving van de misstand").fill("Huisvesting en loon in één contract gekoppeld.");
  await page.getByRole("button", { name: "Misstand melden" }).click();
  await page.getByRole("heading", { level: 1, name: /^Zaak \d+: Misstand bij een convenantpartner$/ }).waitFor();
  const abuse = Number(new URL(page.url()).searchParams.get("id"));
  await state(page, "Gemeld");
  await step(page, "Onderzoek starten", "onderzoeken");
  await state(page, "In onderzoek");
  await step(page, "Misstand bewezen", "bewezen", (f) => f.getByLabel("Toelichting").fill("Bevestigd door de Arbeidsinspectie."));
  await state(page, "Bewezen");

  // The ladder in the partner list; the join refused with the case that stands in the way.
  await menu(page, "Convenant");
  const ladder = page.locator(`[data-case="${abuse}"]`);
  await ladder.getByText("Misstand bewezen").waitFor();
  await ladder.getByText("Bevestigd door de Arbeidsinspectie.").waitFor();
  const joinOrg = page.getByLabel("Organisatie").first();
  await joinOrg.selectOption({ label: "Snelle Handen Uitzendbureau B.V." });
  await page.getByRole("button", { name: "Laten toetreden" }).click();
  await page.getByText(`Deze organisatie kan niet toetreden: zij heeft een bewezen misstand (zaak ${abuse}`).waitFor();
  assert.equal(await joinOrg.getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe with the refused join");

  await joinOrg.selectOption({ label: "Welzijnspartij Maasstad" });
  await page.getByRole("button", { name: "Laten toetreden" }).click();
  await page.getByText("Welzijnspartij Maasstad is partner van het convenant.").waitFor();
  await page.locator("tr", { hasText: "Welzijnspartij Maasstad" }).getByText("Ja", { exact: true }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

// Reports an abuse at an organisation on the covenant screen and proves it; the case's id.
async function provenAbuse(page, organisation, description) {
  await menu(page, "Convenant");
  await page.getByRole("heading", { level: 1, name: "Convenant" }).waitFor();
  await page.getByLabel("Organisatie").nth(1).selectOption({ label: organisation });
  await page.getByLabel("Omschrijving van de misstand").fill(description);
  await page.getByRole("button", { name: "Misstand melden" }).click();
  await page.getByRole("heading", { level: 1, name: /^Zaak \d+: Misstand bij een convenantpartner$/ }).waitFor();
  const id = Number(new URL(page.url()).searchParams.get("id"));
  await step(page, "Onderzoek starten", "onderzoeken");
  await state(page, "In onderzoek");
  await step(page, "Misstand bewezen", "bewezen", (f) => f.getByLabel("Toelichting").fill("Bewezen na onderzoek."));
  await state(page, "Bewezen");
  return id;
}

test("the covenant's ladder: talk, dispute, arbitration and the covenant ended; or resolved", async () => {
  const page = await grip.signIn("adviseur");
  const ended = await provenAbuse(page, "Havenstad Personeel B.V.", "Loon structureel onder het minimumloon.");
  await step(page, "In gesprek treden", "gesprek", (f) => f.getByLabel("Toelichting").fill("Gesprek met de directie."));
  await state(page, "In gesprek");
  // Each rung asks for its text: refused next to the field without it.
  let form = await step(page, "Geschil aangaan", "geschil");
  await form.getByText("Vul dit in: deze stap vraagt erom.").waitFor();
  assert.equal(await form.getByLabel("Toelichting").getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe on a refused rung");
  await form.getByLabel("Toelichting").fill("Geen verbetering na het gesprek.");
  await form.getByRole("button", { name: "Geschil aangaan", exact: true }).click();
  await state(page, "Geschil");
  await step(page, "Arbitrage", "arbitrage", (f) => f.getByLabel("Toelichting").fill("De geschillencommissie is ingeschakeld."));
  await state(page, "Arbitrage");
  // Only the steps of the arbitration rung are offered now.
  const offered = await page.getByTestId("case-actions").locator("ul").getByRole("button").allTextContents();
  assert.deepEqual(offered.sort(), ["Convenant opzeggen", "Opgelost"]);
  await step(page, "Convenant opzeggen", "opzeggen", async (f) => {
    await f.getByLabel("Datum", { exact: true }).fill(`${thisYear - 1}-12-31`);
    await f.getByLabel("Toelichting").fill("Het convenant is opgezegd na de uitspraak.");
  });
  await state(page, "Convenant opgezegd");
  await page.getByTestId("no-actions").waitFor();
  assert.deepEqual(await axe(page), [], "axe on the ended abuse");

  // A second abuse, resolved after the talk.
  const resolved = await provenAbuse(page, "Kas & Koel Logistiek B.V.", "Te veel bedden per kamer in de huisvesting.");
  await step(page, "In gesprek treden", "gesprek", (f) => f.getByLabel("Toelichting").fill("Afspraken over de huisvesting."));
  await state(page, "In gesprek");
  await step(page, "Opgelost", "oplossen", (f) => f.getByLabel("Toelichting").fill("De huisvesting is op orde gebracht."));
  await state(page, "Opgelost");

  // The partner list: the ended covenant's date, the ladders with every rung and its text.
  await menu(page, "Convenant");
  const havenstad = page.locator("tr", { hasText: "Havenstad Personeel B.V." });
  await havenstad.getByRole("cell", { name: `${thisYear - 1}-12-31` }).waitFor();
  assert.equal(await havenstad.locator("td").first().textContent(), "Nee");
  const kasEnKoel = page.locator("tr", { hasText: "Kas & Koel Logistiek B.V." });
  assert.equal(await kasEnKoel.locator("td").first().textContent(), "Ja");
  const ladder = page.locator(`[data-case="${ended}"] li`);
  assert.deepEqual(
    (await ladder.allTextContents()).map((text) => text.replace(/ \(\d{4}-\d\d-\d\d\)/, "").split(" → ")[0]),
    ["Geopend", "Onderzoek starten", "Misstand bewezen", "In gesprek treden", "Geschil aangaan", "Arbitrage", "Convenant opzeggen"],
  );
  await page.locator(`[data-case="${ended}"]`).getByText("Convenant opgezegd", { exact: false }).first().waitFor();
  await page.locator(`[data-case="${ended}"]`).getByText("Het convenant is opgezegd na de uitspraak.").waitFor();
  await page.locator(`[data-case="${resolved}"]`).getByText("De huisvesting is op orde gebracht.").waitFor();
  await page.locator(`[data-case="${resolved}"]`).getByText(/: Opgelost\./).waitFor();
  assert.deepEqual(await axe(page), [], "axe on the partner list with the ladders");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
