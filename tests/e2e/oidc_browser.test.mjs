// Sign-in through the municipality's identity provider, in the browser: the
// sign-in screen offers "Inloggen met <label>", the provider's own login page
// (oidc-provider, see oidc_provider.mjs) signs the user in, Grip shows the
// user with the role the claims map to; signing out ends the session at the
// provider too. A user whose claims map to no role sees a clear refusal.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGrip } from "./harness.mjs";
import { freePort, startProvider } from "./oidc_provider.mjs";

let grip, provider;

before(async () => {
  provider = await startProvider();
  const port = await freePort();
  const config = provider.configure({ gripBase: `http://127.0.0.1:${port}`, dir: mkdtempSync(join(tmpdir(), "grip-oidc-")) });
  grip = await startGrip({ listen: `127.0.0.1:${port}`, serveArgs: ["--oidc", config] });
});

after(async () => {
  await grip?.stop();
  await provider?.stop();
});

async function atProvider(page, login) {
  await page.goto("/");
  await page.getByRole("link", { name: "Inloggen met Testgemeente-account" }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-test-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("signs in at the provider, lands signed in with the mapped role, and signs out at the provider", async () => {
  const context = await grip.browser.newContext({ baseURL: grip.base, locale: "nl-NL" });
  const page = await context.newPage();
  // Errors of Grip's pages (the provider's test pages load fonts from the internet, which is not there).
  const problems = [];
  page.on("pageerror", (e) => page.url().startsWith(grip.base) && problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && m.location().url.startsWith(grip.base) && !/status of 401/.test(m.text())) problems.push(m.text());
  });
  await atProvider(page, "medewerker");
  await page.getByRole("heading", { level: 1, name: "Welkom, medewerker", exact: true }).waitFor();
  const session = await page.evaluate(async () => (await fetch("/api/v1/sessions/current")).json());
  assert.equal(session.role, "beleid");

  await page.getByRole("button", { name: "Afmelden" }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer + "/session/end"));
  await page.getByRole("button", { name: /sign me out/i }).click();
  await page.waitForURL((url) => url.href.startsWith(grip.base + "/aanmelden"));
  await page.getByRole("heading", { level: 1, name: "Aanmelden" }).waitFor();
  const after = await page.evaluate(async () => (await fetch("/api/v1/sessions/current")).status);
  assert.equal(after, 401, "signed out of Grip");
  // Signed out at the provider too: it asks for the login again.
  await page.getByRole("link", { name: "Inloggen met Testgemeente-account" }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.locator('input[name="login"]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("a user whose claims map to no role sees a clear refusal and is not signed in", async () => {
  const context = await grip.browser.newContext({ baseURL: grip.base, locale: "nl-NL" });
  const page = await context.newPage();
  await atProvider(page, "zonderrol");
  await page.getByRole("alert").filter({ hasText: "Uw account heeft geen rol in Grip" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/aanmelden");
  const status = await page.evaluate(async () => (await fetch("/api/v1/sessions/current")).status);
  assert.equal(status, 401);
  await context.close();
});
