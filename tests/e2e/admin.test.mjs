// Administration (beheer): add a user who then signs in, create an API token
// for a partner's system account (shown once) and revoke it, disable the
// user, who can no longer sign in. beheer gives only the roles without
// personal data (granted_by in roles.json): a desk role is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, menu } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

test("users and API tokens", async () => {
  const page = await grip.signIn("beheerder");
  page.on("dialog", (dialog) => dialog.accept());
  await menu(page, "Beheer");
  await page.getByRole("heading", { level: 1, name: "Beheer" }).waitFor();
  await page.getByTestId("users").waitFor();
  assert.deepEqual(await axe(page), [], "axe on the administration screen");

  // A password that is too short: refused next to the field.
  await page.getByLabel("Gebruikersnaam").fill("nieuwe-adviseur");
  await page.getByLabel("Rol").selectOption("beleid");
  await page.getByLabel("Eerste wachtwoord").fill("kort");
  await page.getByRole("button", { name: "Gebruiker toevoegen" }).click();
  await page.getByText("Minstens 12 tekens.", { exact: false }).first().waitFor();
  assert.equal(await page.getByLabel("Eerste wachtwoord").getAttribute("aria-invalid"), "true");
  const password = "een-lang-genoeg-wachtwoord";
  await page.getByLabel("Eerste wachtwoord").fill(password);
  await page.getByRole("button", { name: "Gebruiker toevoegen" }).click();
  await page.getByText("Gebruiker nieuwe-adviseur is toegevoegd.").waitFor();
  await page.locator('tr[data-user="nieuwe-adviseur"]').waitFor();

  // The new user signs in.
  const context = await grip.browser.newContext({ baseURL: grip.base });
  const desk = await context.newPage();
  await desk.goto("/");
  await desk.getByLabel("Gebruikersnaam").fill("nieuwe-adviseur");
  await desk.getByLabel("Wachtwoord").fill(password);
  await desk.getByRole("button", { name: "Aanmelden" }).click();
  await desk.getByRole("heading", { level: 1, name: "Welkom, nieuwe-adviseur" }).waitFor();

  // An API token for a partner system: shown once, works, revoked.
  await page.getByLabel("Namens gebruiker").selectOption("partner-systeem");
  await page.getByLabel("Waarvoor").fill("leveringen van de partner");
  await page.getByRole("button", { name: "Token maken" }).click();
  const token = (await page.getByTestId("issued-token").textContent()).trim();
  assert.match(token, /^\S{20,}$/);
  const status = async () =>
    page.evaluate(async (t) => (await fetch("/api/v1/sessions/current", { headers: { Authorization: `Bearer ${t}` }, credentials: "omit" })).status, token);
  assert.equal(await status(), 200);
  await page.getByRole("button", { name: /^Trek token \d+ in$/ }).click();
  await page.getByTestId("tokens").getByText("Ingetrokken").waitFor();
  assert.equal(await status(), 401);
  assert.deepEqual(await axe(page), [], "axe with a token shown");

  // Disabled: the user's session ends and signing in fails.
  await page.getByRole("button", { name: "Blokkeer nieuwe-adviseur" }).click();
  await page.locator('tr[data-user="nieuwe-adviseur"]').getByText("Geblokkeerd").waitFor();
  await menu(desk, "Dashboard");
  await desk.getByText("Uw sessie is verlopen").waitFor();
  await desk.getByLabel("Gebruikersnaam").fill("nieuwe-adviseur");
  await desk.getByLabel("Wachtwoord").fill(password);
  await desk.getByRole("button", { name: "Aanmelden" }).click();
  await desk.getByText("De gebruikersnaam of het wachtwoord klopt niet.").waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
  await page.context().close();
});
