// Signing in as every role: each sees the screens its role may use and no
// other; wrong passwords, signing out and an ended session give a clear
// message. axe-core finds no violations on the screens visited.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, menu } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

const screensOf = {
  balie: ["Dashboard", "Registreren", "Mijn registraties", "Personen zonder BSN"],
  inspecteur: ["Dashboard", "Registreren", "Mijn registraties", "Personen zonder BSN", "Zaken"],
  partner: ["Registreren", "Mijn registraties", "Personen zonder BSN", "Leveringen"],
  adviseur: ["Dashboard", "Registreren", "Mijn registraties", "Leveringen", "Leverkalender", "Zaken", "Moties", "Convenant", "Voortgangsrapportage"],
  beheerder: ["Leveringen", "Leverkalender", "Beheer"],
  fg: ["Verwerkingenlogboek"],
  regio: ["Regio"],
  raad: ["Dashboard"],
};
// Where a user lands after signing in: the start ("Welkom, ..."), or the
// role's own screen (the regional role has no other).
const landingOf = { regio: "Regio" };

test("every role signs in and is offered only its own screens", async () => {
  const checked = new Set();  // axe once per screen: the screens are the same for every role
  for (const [user, expected] of Object.entries(screensOf)) {
    const page = await grip.signIn(user, landingOf[user]);
    const nav = await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link").allTextContents();
    assert.deepEqual(nav, expected, `the menu of ${user}`);
    if (!checked.has("start")) assert.deepEqual(await axe(page), [], `axe on the start screen of ${user}`);
    checked.add("start");
    for (const name of expected) {
      await menu(page, name);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page.waitForLoadState("networkidle");
      if (!checked.has(name)) assert.deepEqual(await axe(page), [], `axe on ${name} as ${user}`);
      checked.add(name);
    }
    assert.deepEqual(page.problems, [], `no errors in the page of ${user}`);
    await page.context().close();
  }
});

test("a wrong password is refused next to the form, in Dutch", async () => {
  const context = await grip.browser.newContext({ baseURL: grip.base });
  const page = await context.newPage();
  await page.goto("/dashboard");
  await page.getByRole("heading", { level: 1, name: "Aanmelden" }).waitFor();
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await page.getByText("Vul uw gebruikersnaam in.").waitFor();
  await page.getByLabel("Gebruikersnaam").fill("balie");
  await page.getByLabel("Wachtwoord").fill("niet-het-wachtwoord");
  await page.getByLabel("Wachtwoord").press("Enter");
  await page.getByRole("alert").filter({ hasText: "De gebruikersnaam of het wachtwoord klopt niet." }).waitFor();
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test("signing out, and an ended session, say so; signing in again returns to the page", async () => {
  const page = await grip.signIn("adviseur");
  await page.getByRole("button", { name: "Afmelden" }).click();
  await page.getByText("U bent afgemeld.").waitFor();
  // The server ended the session: the old cookie no longer works.
  const status = await page.evaluate(async () => (await fetch("/api/v1/sessions/current")).status);
  assert.equal(status, 401);

  const again = await grip.signIn("adviseur");
  await menu(again, "Dashboard");
  await again.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  await again.locator(".grip-chart canvas").waitFor();
  // The session ends (as after 30 idle minutes): the next call answers 401.
  await again.context().clearCookies();
  await menu(again, "Voortgangsrapportage");
  await again.getByRole("alert").filter({ hasText: "Uw sessie is verlopen" }).waitFor();
  assert.match(again.url(), /\/aanmelden\?terug=%2Frapportage/);
  assert.deepEqual(await axe(again), []);
  await again.getByLabel("Gebruikersnaam").fill("adviseur");
  await again.getByLabel("Wachtwoord").fill((await import("./harness.mjs")).password);
  await again.getByRole("button", { name: "Aanmelden" }).click();
  await again.getByRole("heading", { level: 1, name: /Voortgangsrapportage/ }).waitFor();
  await page.context().close();
  await again.context().close();
});

test("the interface is in Dutch first, with English as a switch", async () => {
  const page = await grip.signIn("balie");
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await menu(page, "Register");
  await page.getByRole("heading", { level: 1, name: "Register" }).waitFor();
  assert.deepEqual(await axe(page), []);
  await page.getByRole("button", { name: "Nederlands" }).click();
  await page.getByRole("heading", { level: 1, name: "Registreren" }).waitFor();
  await page.context().close();
});
