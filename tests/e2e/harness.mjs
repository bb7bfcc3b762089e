// The test harness of the end-to-end tests: a real Grip on a free loopback
// port with a small generated city and a user of every role, a few figures
// of a second municipality (GM0518, 's-Gravenhage) with a desk user of its
// own, and Debian's chromium (headless) driven by playwright-core. Nothing is
// mocked.
//
//   GRIP_BINARY   the grip program (default: build/grip of this checkout)
//   GRIP_WEB_DIR  the built web interface (default: web/ beside the program)
//   CHROMIUM      the browser (default: /usr/bin/chromium)
import { spawn, spawnSync } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
const grip = process.env.GRIP_BINARY || join(repo, "build", "grip");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";

// One password per user of the test installation (synthetic, for this run only).
export const password = "e2e-test-wachtwoord-" + Math.random().toString(36).slice(2);

function run(args, input) {
  const result = spawnSync(grip, args, { input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`grip ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

// The ids in the generated city that the users work at: an open
// information point, a course provider (a chain partner) and the Labour
// Inspectorate; and an address, for a report of overcrowding.
function pickPlaces(ndjson) {
  const places = {};
  for (const line of ndjson.split("\n")) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (!places.infopunt && r.kind === "location" && r.type === "infopunt" && !r.closed) places.infopunt = r.id;
    if (!places.partner && r.kind === "organisation" && r.type === "cursusaanbieder") places.partner = r.id;
    if (!places.inspectorate && r.kind === "organisation" && r.type === "toezichthouder") places.inspectorate = r.id;
    if (!places.address && r.kind === "address") places.address = r.id;
  }
  if (!places.infopunt || !places.partner || !places.inspectorate || !places.address) throw new Error("the generated city lacks a place the tests need");
  return places;
}

export const thisYear = new Date().getFullYear();

// The second municipality of the installation, which shares its figures with
// the region (the catalogue's municipalities): an information point, a few
// persons and their visits last year and this year (January the first, never
// in the future), and a DigiD activation. Its own ids, by design like none of
// the generated city's.
export const other = { municipality: "GM0518", name: "'s-Gravenhage", location: "DH-LOC-1" };
function otherMunicipalityRecords() {
  const records = [
    { kind: "organisation", id: "DH-ORG-1", name: "Informatiepunt Den Haag", type: "gemeente" },
    { kind: "location", id: other.location, type: "infopunt", name: "Infopunt Den Haag Centrum", opened: `${thisYear - 3}-01-01` },
    { kind: "location", id: "DH-LOC-2", type: "digid_balie", name: "DigiD-balie Den Haag", opened: `${thisYear - 3}-01-01` },
  ];
  for (let i = 1; i <= 6; i++) records.push({ kind: "person", id: `DH-PER-${i}`, nationality: ["PL", "RO", "BG"][i % 3] });
  const topics = [["werk"], ["wonen", "werk"], ["brp"], ["werk", "zorg"], ["financieel"], ["wonen"]];
  for (let i = 1; i <= 6; i++)
    records.push({ kind: "activity", id: `DH-ACT-${i}`, type: "infopunt_bezoek", date: `${thisYear - 1}-0${i}-15`, person: `DH-PER-${i}`, location: other.location, attributes: { onderwerpen: topics[i - 1] } });
  for (let i = 1; i <= 3; i++)
    records.push({ kind: "activity", id: `DH-ACT-${6 + i}`, type: "infopunt_bezoek", date: `${thisYear}-01-01`, person: `DH-PER-${i}`, location: other.location, attributes: { onderwerpen: topics[i] } });
  records.push({ kind: "activity", id: "DH-ACT-10", type: "digid_hulp", date: `${thisYear - 1}-03-01`, person: "DH-PER-4", location: "DH-LOC-2", attributes: { resultaat: "geactiveerd" } });
  return records.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

// TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) as an authenticator
// app computes it, from the base32 key the enrolment screen shows.
export function totpCode(base32, step) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of base32.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, "0");
}

// The second factors the harness enrolled (user -> base32 key) and the last
// time step whose code it used: the server takes each code once, so the next
// sign-in uses a later step of the window it accepts (one step either side).
// Only when every code of the window is used does it wait for the next step
// (the server's clock is the real one); the tests sign in no user that often.
// The step before the current one is used only while the current one has
// more than `margin` seconds left: the server checks the code a moment later
// (seconds on a loaded machine), and if its clock has passed into the next
// step by then, the step before is outside its window and the sign-in fails.
const secondFactors = new Map();
const lastSteps = new Map();
const margin = 10;

export async function freshCode(user) {
  const key = secondFactors.get(user);
  if (!key) throw new Error(`no second factor enrolled for ${user}`);
  const seconds = Date.now() / 1000;
  const now = Math.floor(seconds / 30);
  const earliest = seconds - now * 30 < 30 - margin ? now - 1 : now;
  const step = Math.max(earliest, (lastSteps.get(user) ?? -Infinity) + 1);
  if (step > now + 1) await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 50));
  lastSteps.set(user, step);
  return totpCode(key, step);
}

export function rememberSecondFactor(user, key) {
  secondFactors.set(user, key.replace(/\s/g, ""));
  lastSteps.delete(user);
}

// After the password: a role with personal data enrols a second factor at
// its first sign-in (the key read from the screen, as a person types it into
// an app) and gives a code at every later one.
export async function secondFactor(page, user, landing) {
  const enrol = page.getByRole("heading", { level: 1, name: "Tweede factor instellen" });
  const code = page.getByRole("heading", { level: 1, name: "Code invoeren" });
  await enrol.or(code).or(landing).first().waitFor();
  if (await enrol.isVisible()) {
    const key = page.getByTestId("totp-secret");
    await key.waitFor();
    rememberSecondFactor(user, await key.textContent());
  } else if (!(await code.isVisible())) {
    return;
  }
  await page.getByLabel("Code uit de app").fill(await freshCode(user));
  await page.getByRole("button", { name: "Bevestigen" }).click();
}

// options.shippedCatalogue: run on the catalogue shipped with Grip (which the
// server does not change) instead of a writable copy. options.firstYear and
// options.years: the generated city's years (default last year and this one).
export async function startGrip(options = {}) {
  if (!existsSync(grip)) throw new Error(`${grip} is missing: build Grip first (cmake --build build)`);
  const dir = mkdtempSync(join(tmpdir(), "grip-e2e-"));
  // A writable copy of the catalogue, as an installation keeps its own: beheer
  // changes it in the interface (the shipped one is never changed).
  const catalogue = join(dir, "catalogue");
  cpSync(join(repo, "catalogue"), catalogue, { recursive: true });
  // options.editCatalogue(programme): changes the copy's programme.json (an
  // object) before the server starts, as beheer's saved change would be.
  if (options.editCatalogue) {
    const file = join(catalogue, "programme.json");
    const programme = JSON.parse(readFileSync(file, "utf8"));
    options.editCatalogue(programme);
    writeFileSync(file, JSON.stringify(programme, null, 2));
  }
  const global = ["--db", join(dir, "grip.db"), "--key-file", join(dir, "grip.key"), "-q"];
  if (!options.shippedCatalogue) global.push("--catalogue", join(catalogue, "programme.json"));
  const city = join(dir, "city.ndjson");
  // The delivery calendar's one late partner (calendar.test.mjs): a shelter's
  // intakes for March of this year, delivered apart on 1 May, after their due
  // date; the city itself as received at the start of last year, in time for
  // every period.
  const late = join(dir, "late.ndjson");
  const firstYear = options.firstYear ?? thisYear - 1;
  const years = options.years ?? 2;
  run([...global, "generate", "--activities", "3000", "--persons", "800", "--addresses", "400",
       "--first-year", String(firstYear), "--years", String(years), "--seed", "7", "-o", city, "--late-delivery", late,
       "--boundaries", join(dir, "kaart.geojson")]);
  run([...global, "import", "--received-at", `${firstYear}-01-01`, city]);
  // The buurten's boundaries for the dashboard's map (map.test.mjs).
  run([...global, "import", "--geojson", join(dir, "kaart.geojson")]);
  run([...global, "import", "--received-at", `${firstYear + years - 1}-05-01`, late]);
  const places = pickPlaces(readFileSync(city, "utf8"));
  // The inspectorate checked the address of the report before (the generated
  // city's enforcement work names no organisation): a reference never widens
  // what a user sees, so its report may name only an address its team knows.
  const history = join(dir, "team-history.ndjson");
  writeFileSync(history, JSON.stringify({ kind: "activity", id: "E2E-LC-1", type: "leegstandscontrole", date: `${thisYear - 1}-01-15`,
                                          address: places.address, organisation: places.inspectorate }) + "\n");
  run([...global, "import", history]);
  // options.deliveries: more NDJSON deliveries (text) imported after the city,
  // as a partner's file (signals_map.test.mjs: a buurt's reports grow).
  for (const [i, text] of (options.deliveries ?? []).entries()) {
    const file = join(dir, `extra-${i}.ndjson`);
    writeFileSync(file, text);
    run([...global, "import", file]);
  }
  const users = {
    balie: ["infopunt", "--location", places.infopunt],
    inspecteur: ["handhaving", "--organisation", places.inspectorate],
    // A colleague on the inspector's team (worklist.test.mjs). beheer cannot
    // give a role with personal data through the API: the operator does.
    collega: ["handhaving", "--organisation", places.inspectorate],
    partner: ["ketenpartner", "--organisation", places.partner],
    adviseur: ["beleid"],
    beheerder: ["beheer"],
    fg: ["privacy"],
    regio: ["regio"],
    raad: ["publiek"],
  };
  for (const [name, [role, ...rest]] of Object.entries(users))
    run([...global, "user", "add", name, "--role", role, ...rest, "--password-stdin"], password + "\n");
  // The partner's system: API tokens only (a person's account gets none).
  run([...global, "user", "add", "partner-systeem", "--system", "--role", "ketenpartner", "--organisation", places.partner]);
  // The second municipality: its figures, and a desk user who registers there.
  const elsewhere = ["--municipality", other.municipality, ...global];
  const otherCity = join(dir, "other.ndjson");
  writeFileSync(otherCity, otherMunicipalityRecords());
  run([...elsewhere, "import", otherCity]);
  run([...elsewhere, "user", "add", "dh-balie", "--role", "infopunt", "--location", other.location, "--password-stdin"], password + "\n");

  // options.listen: a fixed address (a test's identity provider must know Grip's
  // callback before Grip starts); options.serveArgs: more options of grip serve.
  const args = [...global, "serve", "--listen", options.listen || "127.0.0.1:0", "--no-access-log", ...(options.serveArgs || [])];
  if (process.env.GRIP_WEB_DIR) args.push("--web", process.env.GRIP_WEB_DIR);
  const server = spawn(grip, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (d) => (stderr += d));
  const base = await new Promise((resolveBase, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on("line", (line) => {
      const m = /listens on (http:\/\/[^/]+)\//.exec(line);
      if (m) resolveBase(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`grip serve ended (${code}): ${stderr}`)));
  });
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ["--no-sandbox"] });
  return {
    base,
    dir,
    catalogue,
    places,
    users: Object.fromEntries(Object.entries(users).map(([name, [role]]) => [name, role])),
    browser,
    // A new browser context (own cookies) signed in as this user, on the
    // screen a user lands on: the start ("Welkom, ..."), or the heading of the
    // role's own screen (landing, e.g. "Regio").
    async signIn(user, landing = `Welkom, ${user}`) {
      const context = await browser.newContext({ baseURL: base, locale: "nl-NL", acceptDownloads: true });
      const page = await context.newPage();
      watchPage(page);
      await page.goto("/");
      await page.getByLabel("Gebruikersnaam").fill(user);
      await page.getByLabel("Wachtwoord").fill(password);
      await page.getByRole("button", { name: "Aanmelden" }).click();
      const landed = page.getByRole("heading", { level: 1, name: landing, exact: true });
      await secondFactor(page, user, landed);
      await landed.waitFor();
      return page;
    },
    async stop() {
      await browser.close();
      server.kill("SIGTERM");
      await new Promise((r) => (server.exitCode !== null ? r() : server.on("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Errors in the page (script errors, CSP violations, failed requests other
// than the expected 401 of "who am I" before signing in) fail the test.
export function watchPage(page) {
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (/status of 401/.test(text)) return;  // GET /sessions/current before signing in
    page.problems.push(`console: ${text}`);
  });
}

// The page's problems, without the console's note of a refusal the test
// provoked on purpose (a refused step answers 400, 403 or 409; a refused catalogue change 422).
export function unexpectedProblems(page) {
  return page.problems.filter((p) => !/the server responded with a status of (400|403|409|422)/.test(p));
}

// axe-core on the page as it is now: WCAG 2.0/2.1 A and AA, and best practices.
// A screen state checked before in this test file (the same address, the
// same document to the byte, the same viewport; the style sheets are the
// build's) gives the same findings: they are remembered rather than checked
// again, which saves a second or more per call.
const axeSeen = new Map();
export async function axe(page) {
  const state = await page.evaluate(
    () => `${location.pathname}${location.search}\n${innerWidth}x${innerHeight}\n${document.documentElement.outerHTML}`,
  );
  const key = createHash("sha256").update(state).digest("hex");
  if (axeSeen.has(key)) return axeSeen.get(key);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`);
  axeSeen.set(key, found);
  return found;
}

// A call of the API from the signed-in page (its session cookie and CSRF token).
export async function api(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const session = await (await fetch("/api/v1/sessions/current")).json();
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": session.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    [method, path, body],
  );
}

// Opens the form of a step (the button of "Wat u nu kunt doen"), fills it and sends it.
export async function step(page, label, key, fill) {
  await page.getByTestId("case-actions").locator("ul").getByRole("button", { name: label, exact: true }).click();
  const form = page.locator(`form[data-step="${key}"]`);
  await form.waitFor();
  if (fill) await fill(form);
  await form.getByRole("button", { name: label, exact: true }).click();
  return form;
}

// Waits until the case page shows this state.
export async function state(page, label) {
  await page.locator('[data-testid="case-state"]', { hasText: new RegExp(`^${label}$`) }).waitFor();
}

// Follows a link of the main menu (no page reload).
export async function menu(page, name) {
  await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
}
