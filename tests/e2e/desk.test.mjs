// Registration at the desk, keyboard only and without a page reload: a visit
// of a new person, then of the same person found by BSN; the dashboard's
// figure of unique visitors changes at once. Errors stand next to the field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, axe, menu, thisYear } from "./harness.mjs";

let grip;
before(async () => (grip = await startGrip()));
after(async () => grip?.stop());

// A synthetic BSN that passes the eleven test.
function syntheticBsn() {
  for (;;) {
    const digits = [1, ...Array.from({ length: 7 }, () => Math.floor(Math.random() * 10))];
    const sum = digits.reduce((s, d, i) => s + d * (9 - i), 0);
    const last = sum % 11;
    if (last <= 9) return digits.join("") + String(last);
  }
}

async function uniqueVisitors(page) {
  await menu(page, "Dashboard");
  await page.getByText(`Cijfers over ${thisYear}`).waitFor();
  const text = await page.getByTestId("value-info.unieke_bezoekers").textContent();
  return Number(text.replace(/\./g, ""));
}

test("a visit registered at the desk counts on the dashboard at once", async () => {
  const page = await grip.signIn("balie");
  let reloads = 0;
  page.on("load", () => reloads++);
  const before = await uniqueVisitors(page);
  assert.deepEqual(await axe(page), [], "axe on the dashboard");

  // The definition of the figure.
  const row = page.locator('tr[data-indicator="info.unieke_bezoekers"]');
  await row.getByText("Hoe is dit geteld?").click();
  await row.getByText(/Aantal verschillende personen/).waitFor();

  await menu(page, "Registreren");
  await page.getByRole("heading", { level: 1, name: "Registreren" }).waitFor();
  await page.getByLabel("Soort registratie").selectOption({ label: "Bezoek aan een informatiepunt" });
  await page.locator('form[data-form="activity:infopunt_bezoek"]').waitFor();

  // A BSN that fails the eleven test: the message stands next to the field.
  const bsn = page.getByLabel("BSN (als de persoon het heeft)");
  await bsn.focus();
  await page.keyboard.type("123456788");
  await page.keyboard.press("Enter");
  await page.getByText("Dit is geen geldig BSN").waitFor();
  assert.equal(await bsn.getAttribute("aria-invalid"), "true");
  assert.deepEqual(await axe(page), [], "axe with an error shown");

  // A new person, keyboard only: search by BSN, then type, Tab, Space, Enter.
  const number = syntheticBsn();
  await bsn.fill("");
  await bsn.focus();
  await page.keyboard.type(number);
  await page.keyboard.press("Enter");
  await page.getByText("Niemand gevonden met dit BSN").waitFor();
  // Focus moved to the given name.
  await page.keyboard.type("Testpersoon");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Synthetisch");
  await page.keyboard.press("Tab");
  await page.keyboard.type("1990");
  await page.keyboard.press("Tab");
  await page.keyboard.type("PL");
  await page.keyboard.press("Tab");   // the first topic
  await page.keyboard.press("Space");
  await page.keyboard.press("Shift+Tab"); // back to a text field, where Enter submits
  await page.keyboard.press("Enter");
  await page.getByText(/^Opgeslagen: Bezoek aan een informatiepunt/).waitFor();

  assert.equal(await uniqueVisitors(page), before + 1, "the new visitor counts at once");

  // The same person again, found by BSN: the visit counts, the person does not twice.
  await menu(page, "Registreren");
  // The chooser opens on the last type; the most used come first.
  assert.equal(await page.getByLabel("Soort registratie").inputValue(), "activity:infopunt_bezoek");
  await page.getByLabel("Soort registratie").selectOption({ label: "Hulp bij DigiD" });
  await page.locator('form[data-form="activity:digid_hulp"]').waitFor();
  await page.getByLabel("BSN (als de persoon het heeft)").fill(number);
  await page.getByLabel("BSN (als de persoon het heeft)").press("Enter");
  await page.getByText("Gevonden: Testpersoon Synthetisch, geboortejaar 1990").waitFor();
  await page.getByLabel("DigiD geactiveerd").check();
  await page.getByRole("button", { name: "Registreren" }).click();
  await page.getByText(/^Opgeslagen: Hulp bij DigiD/).waitFor();
  assert.deepEqual(await axe(page), [], "axe after storing");
  assert.equal(await uniqueVisitors(page), before + 1);

  assert.equal(reloads, 0, "no page reload");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the dashboard of other periods and levels: a month, the previous year per buurt", async () => {
  const page = await grip.signIn("balie");
  for (const query of [`periode=${thisYear}-03`, `periode=${thisYear}-Q2&gebied=priority`, `periode=${thisYear - 1}&niveau=buurt`]) {
    await page.goto(`/dashboard?${query}`);
    await page.locator(".grip-chart canvas").waitFor();
    await page.locator(".grip-area-table tbody tr").first().waitFor();
  }
  // The period chooser, by keyboard: a quarter.
  await page.getByLabel("Soort periode").selectOption("quarter");
  await page.getByLabel("Kwartaal").selectOption("3");
  await page.getByLabel("Jaar", { exact: true }).fill(String(thisYear - 1));
  await page.getByLabel("Jaar", { exact: true }).press("Enter");
  await page.getByText(`Cijfers over kwartaal 3 van ${thisYear - 1}`).waitFor();
  // A wrong year is refused next to its field, in the interface's words (not the browser's).
  await page.getByLabel("Jaar", { exact: true }).fill("20");
  await page.getByLabel("Jaar", { exact: true }).press("Enter");
  await page.getByText("Vul een jaar in van vier cijfers, bijvoorbeeld 2024.").waitFor();
  assert.equal(await page.getByLabel("Jaar", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
