// A type that beheer adds to the catalogue has its form without a new
// build of the interface (issue 16, part 1): the server runs on a copy of
// the catalogue with an activity type the interface has never seen, with a
// required choice, a number and a list; the desk registers it and the
// record is stored as the catalogue defines it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startGrip, api, axe, menu, thisYear } from "./harness.mjs";

let grip;
before(async () => {
  grip = await startGrip({
    editCatalogue: (programme) =>
      programme.activity_types.push({
        code: "taalcafe",
        theme: "zelfredzaamheid",
        label: "Taalcafé",
        description: "Een avond Nederlands oefenen, met het aantal deelnemers.",
        links: ["count", "location"],
        attributes: [
          { name: "niveau", type: "enum", label: "Niveau", required: true, values: [{ code: "a1", label: "beginners (A1)" }, { code: "a2", label: "gevorderd (A2)" }] },
          { name: "talen", type: "list", label: "Voertalen" },
          { name: "vrijwilligers", type: "int", label: "Aantal vrijwilligers" },
        ],
      }),
  });
});
after(async () => grip?.stop());

test("an activity type added to the catalogue is registered through its form, without a build", async () => {
  const page = await grip.signIn("balie");
  await menu(page, "Registreren");
  await page.getByLabel("Soort registratie").selectOption({ label: "Taalcafé" });
  const form = page.locator('form[data-form="activity:taalcafe"]');
  await form.waitFor();
  await form.getByText("Een avond Nederlands oefenen, met het aantal deelnemers.").waitFor();
  await form.getByLabel("Aantal personen").fill("14");
  await form.getByLabel("Voertalen").fill("Pools\nRoemeens");
  await form.getByLabel("Aantal vrijwilligers").fill("3");
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  await form.getByText("Kies een van: beginners (A1), gevorderd (A2).").waitFor();
  await form.getByLabel("beginners (A1)").check();
  assert.deepEqual(await axe(page), [], "axe on the new type's form");
  await form.getByRole("button", { name: "Registreren", exact: true }).click();
  await page.getByTestId("registration-status").getByText(/^Opgeslagen: Taalcafé/).waitFor();

  const list = await api(page, "GET", `/records/activity?type=taalcafe&period=${thisYear}`);
  assert.equal(list.body.items.length, 1);
  const [record] = list.body.items;
  assert.equal(record.count, 14);
  assert.equal(record.location, grip.places.infopunt, "at the desk's own location");
  assert.deepEqual(record.attributes, { niveau: "a1", talen: ["Pools", "Roemeens"], vrijwilligers: 3 });

  // And in the list of the desk's registrations.
  await menu(page, "Mijn registraties");
  await page.getByLabel("Soort registratie").selectOption({ label: "Taalcafé" });
  await page.getByRole("button", { name: "Tonen" }).click();
  await page.locator(`tr[data-record="${record.id}"]`).getByText("14 personen").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
