// The second factor in the browser (ASVS level 2 for local accounts): a role
// with personal data enrols a TOTP key at its first sign-in (QR code and key
// to type, confirmed by a first code), gives a code at every later sign-in,
// a wrong or replayed code is refused, and repeated wrong codes are
// throttled. And beheer's password reset: the user must choose a new password
// before anything else. Codes are computed as an authenticator app does
// (HMAC-SHA1 over the 30-second step, harness.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, menu, password, totpCode, rememberSecondFactor, freshCode } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

async function passwordStep(user, secret = password) {
  const context = await grip.browser.newContext({ baseURL: grip.base, locale: "nl-NL" });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Gebruikersnaam").fill(user);
  await page.getByLabel("Wachtwoord").fill(secret);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  return page;
}

const step = () => Math.floor(Date.now() / 1000 / 30);
const wrongOf = (key) => (totpCode(key, step()) === "123456" ? "654321" : "123456");

async function giveCode(page, code) {
  await page.getByLabel("Code uit de app").fill(code);
  await page.getByRole("button", { name: "Bevestigen" }).click();
}

test("enrol a second factor, sign in with a code, a wrong code and a used code refused", async () => {
  const page = await passwordStep("inspecteur");
  await page.getByRole("heading", { level: 1, name: "Tweede factor instellen" }).waitFor();
  await page.getByRole("img", { name: "QR-code met de sleutel voor uw authenticator-app" }).waitFor();
  const key = (await page.getByTestId("totp-secret").textContent()).replace(/\s/g, "");
  assert.match(key, /^[A-Z2-7]{32}$/, "160 bits in base32");
  assert.deepEqual(await axe(page), [], "axe on the enrolment");
  // Nothing else works before the code: the API refuses, the menu is not there.
  const refused = await page.evaluate(async () => (await fetch("/api/v1/records/person?limit=1")).status);
  assert.equal(refused, 403);
  assert.equal(await page.getByRole("navigation").count(), 0);

  await giveCode(page, wrongOf(key));
  await page.getByRole("alert").filter({ hasText: "De code klopt niet of is al gebruikt." }).waitFor();
  rememberSecondFactor("inspecteur", key);
  const first = await freshCode("inspecteur");
  await giveCode(page, first);
  await page.getByRole("heading", { level: 1, name: "Welkom, inspecteur", exact: true }).waitFor();
  await page.context().close();

  // The next sign-in asks for the code; the code just used is refused.
  const again = await passwordStep("inspecteur");
  await again.getByRole("heading", { level: 1, name: "Code invoeren" }).waitFor();
  assert.deepEqual(await axe(again), [], "axe on the code step");
  await giveCode(again, first);
  await again.getByRole("alert").filter({ hasText: "De code klopt niet of is al gebruikt." }).waitFor();
  await giveCode(again, await freshCode("inspecteur"));
  await again.getByRole("heading", { level: 1, name: "Welkom, inspecteur", exact: true }).waitFor();
  await again.context().close();
});

test("repeated wrong codes are throttled", async () => {
  // The harness's sign-in enrols the desk user.
  const enrolled = await grip.signIn("balie");
  await enrolled.context().close();
  const page = await passwordStep("balie");
  await page.getByRole("heading", { level: 1, name: "Code invoeren" }).waitFor();
  const wrong = "000000" === (await freshCode("balie")) ? "000001" : "000000";
  let throttled = false;
  for (let i = 0; i < 8 && !throttled; i++) {
    await giveCode(page, wrong);
    const alert = page.getByRole("alert").filter({ hasText: /De code klopt niet|Te veel mislukte pogingen/ });
    await alert.waitFor();
    throttled = /Te veel mislukte pogingen/.test(await alert.textContent());
  }
  assert.ok(throttled, "after a few wrong codes the code step waits");
  // While held back, even the right code is not checked.
  await giveCode(page, await freshCode("balie"));
  await page.getByRole("alert").filter({ hasText: "Te veel mislukte pogingen" }).waitFor();
  await page.context().close();
});

test("beheer resets a password: the user chooses a new one before anything else", async () => {
  const admin = await grip.signIn("beheerder");
  admin.on("dialog", (dialog) => dialog.accept());
  await menu(admin, "Beheer");
  await admin.getByTestId("users").waitFor();
  await admin.getByRole("button", { name: "Wachtwoord resetten: adviseur" }).click();
  const once = (await admin.getByTestId("one-time-password").textContent()).trim();
  assert.ok(once.length >= 12);
  await admin.context().close();

  const page = await passwordStep("adviseur", once);
  await page.getByRole("heading", { level: 1, name: "Wachtwoord wijzigen" }).waitFor();
  assert.equal(await page.evaluate(async () => (await fetch("/api/v1/indicators")).status), 403);
  await page.getByLabel("Eenmalig wachtwoord van functioneel beheer").fill(once);
  await page.getByLabel("Nieuw wachtwoord", { exact: true }).fill("mijn eigen nieuwe wachtwoord");
  await page.getByLabel("Nieuw wachtwoord nogmaals").fill("mijn eigen nieuwe wachtwoord");
  await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
  await page.getByRole("heading", { level: 1, name: "Welkom, adviseur", exact: true }).waitFor();
  await page.context().close();
  // The old password no longer works; the new one does.
  const old = await passwordStep("adviseur");
  await old.getByRole("alert").filter({ hasText: "De gebruikersnaam of het wachtwoord klopt niet." }).waitFor();
  await old.context().close();
  const renewed = await passwordStep("adviseur", "mijn eigen nieuwe wachtwoord");
  await renewed.getByRole("heading", { level: 1, name: "Welkom, adviseur", exact: true }).waitFor();
  await renewed.context().close();
});
