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
