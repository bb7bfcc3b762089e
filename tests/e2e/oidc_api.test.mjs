// Sign-in through the municipality's identity provider, at the API: the whole
// authorization code flow against a real OpenID provider (oidc-provider, see
// oidc_provider.mjs) and a real grip serve, with fetch and manual redirects,
// and the refusals: a forged ID token, a wrong audience, an expired token, a
// replayed state, and a user whose claims map to no role.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startGrip } from "./harness.mjs";
import { freePort, startProvider, decodeJwt } from "./oidc_provider.mjs";

let grip, provider;

before(async () => {
  provider = await startProvider();
  const port = await freePort();
  const gripBase = `http://127.0.0.1:${port}`;
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "grip-oidc-"));
  const config = provider.configure({ gripBase, dir });
  grip = await startGrip({ listen: `127.0.0.1:${port}`, serveArgs: ["--oidc", config] });
  assert.equal(grip.base, gripBase);
});

after(async () => {
  await grip?.stop();
  await provider?.stop();
});

// A browser's cookies, enough for these hosts (all on 127.0.0.1).
class Jar {
  constructor() { this.cookies = new Map(); }
  take(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a)) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() { return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; "); }
}

async function go(jar, url, init = {}) {
  const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers || {}), Cookie: jar.header() } });
  jar.take(response);
  return response;
}

// From Grip's start to the provider's redirect back to Grip's callback (not
// followed): the provider's own login form, filled in as `login`.
async function toCallback(jar, login) {
  let response = await go(jar, `${grip.base}/api/v1/sessions/oidc`);
  assert.equal(response.status, 303);
  let url = new URL(response.headers.get("location"), grip.base).href;
  assert.ok(url.startsWith(provider.issuer + "/auth?"), "Grip sends the browser to the provider");
  const params = new URL(url).searchParams;
  assert.equal(params.get("code_challenge_method"), "S256");
  assert.ok(params.get("state") && params.get("nonce") && params.get("code_challenge"));
  for (let hops = 0; hops < 10; hops++) {
    if (url.startsWith(`${grip.base}/api/v1/sessions/oidc/callback`)) return url;
    response = await go(jar, url);
    if (response.status === 200) {
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html);
      assert.ok(action, "the provider shows its login form");
      response = await go(jar, new URL(action[1].replace(/&amp;/g, "&"), url).href, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login, password: "any-test-password" }).toString(),
      });
    }
    assert.ok([302, 303].includes(response.status), `a redirect from the provider (${response.status})`);
    url = new URL(response.headers.get("location"), url).href;
  }
  throw new Error("no redirect back to Grip");
}

async function signInThroughProvider(login) {
  const jar = new Jar();
  const callback = await toCallback(jar, login);
  const response = await go(jar, callback);
  return { jar, callback, response };
}

async function current(jar) {
  const response = await fetch(`${grip.base}/api/v1/sessions/current`, { headers: { Cookie: jar.header() } });
  return { status: response.status, body: await response.json() };
}

function refusedWith(response, code) {
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), `/aanmelden?oidc=${code}`);
}

function securityLog() {
  const files = readdirSync(grip.dir).filter((f) => f.includes("security"));
  return files.map((f) => readFileSync(join(grip.dir, f), "utf8")).join("");
}

test("the configuration is public: the button's label", async () => {
  const response = await fetch(`${grip.base}/api/v1/sessions/oidc/configuration`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { enabled: true, label: "Testgemeente-account" });
});

test("a user whose groups map to a role signs in, and signs out at the provider too", async () => {
  const { jar, response } = await signInThroughProvider("medewerker");
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/");
  const session = await current(jar);
  assert.equal(session.status, 200);
  assert.equal(session.body.user, "medewerker");
  assert.equal(session.body.role, "beleid");
  assert.match(securityLog(), /"event":"sign_in".*"result":"ok"[^\n]*"detail":"oidc"|"detail":"oidc"[^\n]*"result":"ok"/);

  const out = await fetch(`${grip.base}/api/v1/sessions/oidc/sign-out`, {
    method: "POST",
    headers: { Cookie: jar.header(), "X-CSRF-Token": session.body.csrf_token },
  });
  assert.equal(out.status, 200);
  const { end_session_url } = await out.json();
  const end = new URL(end_session_url);
  assert.equal(end.origin + end.pathname, `${provider.issuer}/session/end`);
  assert.equal(end.searchParams.get("post_logout_redirect_uri"), `${grip.base}/aanmelden`);
  assert.equal(decodeJwt(end.searchParams.get("id_token_hint")).payload.sub, "medewerker");
  assert.equal((await current(jar)).status, 401, "the Grip session has ended");
  const atProvider = await fetch(end_session_url, { headers: { Cookie: jar.header() } });
  assert.equal(atProvider.status, 200, "the provider takes the sign-out (and asks to confirm)");
});

test("a user whose claims map to no role is refused, without a session", async () => {
  const { jar, response } = await signInThroughProvider("zonderrol");
  refusedWith(response, "no_role");
  assert.equal((await current(jar)).status, 401);
  assert.match(securityLog(), /"detail":"oidc no_role"/);
});

test("the role, organisation and locations follow the claims at each sign-in", async () => {
  const before = provider.accounts.medewerker;
  provider.accounts.medewerker = { groups: ["grip-balie"], organisation: "ORG-TEST", locations: ["LOC-TEST-1", "LOC-TEST-2"], mfa: "ja" };
  try {
    const { jar, response } = await signInThroughProvider("medewerker");
    assert.equal(response.headers.get("location"), "/");
    const session = await current(jar);
    assert.equal(session.body.role, "infopunt");
    assert.equal(session.body.organisation, "ORG-TEST");
    assert.deepEqual(session.body.locations, ["LOC-TEST-1", "LOC-TEST-2"]);
  } finally {
    provider.accounts.medewerker = before;
  }
  const { jar } = await signInThroughProvider("medewerker");
  assert.equal((await current(jar)).body.role, "beleid");
});

test("a role with personal data needs a second factor at the provider", async () => {
  const { jar, response } = await signInThroughProvider("zonderfactor");
  refusedWith(response, "second_factor");
  assert.equal((await current(jar)).status, 401);
  assert.match(securityLog(), /"detail":"oidc second_factor"/);
});

test("a local account of the same name is not taken over", async () => {
  const { jar, response } = await signInThroughProvider("adviseur");
  refusedWith(response, "account");
  assert.equal((await current(jar)).status, 401);
});

test("a key the provider rolled to is fetched when a token names it", async () => {
  const { jar } = await signInThroughProvider("medewerker");  // the key set Grip holds: without the new key
  assert.equal((await current(jar)).status, 200);
  const rolled = generateKeyPairSync("rsa", { modulusLength: 2048 });
  provider.extraKeys = [{ ...rolled.publicKey.export({ format: "jwk" }), kid: "rolled-1", use: "sig", alg: "RS256" }];
  provider.rewriteIdToken = (token) => provider.resign(token, (p) => p, rolled.privateKey, "rolled-1");
  try {
    const { jar, response } = await signInThroughProvider("medewerker");
    assert.equal(response.headers.get("location"), "/");
    assert.equal((await current(jar)).body.user, "medewerker");
  } finally {
    provider.extraKeys = [];
    provider.rewriteIdToken = null;
  }
});

test("a replayed state is refused", async () => {
  const { jar, callback, response } = await signInThroughProvider("medewerker");
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/");
  const again = await go(jar, callback);
  refusedWith(again, "state");
});

test("an answer naming another issuer (a mix-up) is refused", async () => {
  const jar = new Jar();
  const callback = new URL(await toCallback(jar, "medewerker"));
  assert.equal(callback.searchParams.get("iss"), provider.issuer, "the provider names itself (RFC 9207)");
  callback.searchParams.set("iss", "https://idp.example");
  refusedWith(await go(jar, callback.href), "provider");
  assert.equal((await current(jar)).status, 401);
});

test("a state from another browser is refused", async () => {
  const jar = new Jar();
  const callback = await toCallback(jar, "medewerker");
  const other = new Jar();
  refusedWith(await go(other, callback), "state");
});

for (const [name, problem] of [
  ["a forged ID token (signed with a key not in the JWKS)", "signature"],
  ["an ID token for another audience", "audience"],
  ["an expired ID token", "expired"],
]) {
  test(`${name} is refused`, async () => {
    const now = Math.floor(Date.now() / 1000);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    provider.rewriteIdToken =
      problem === "signature" ? (token) => provider.resign(token, (p) => p, otherKey)
      : problem === "audience" ? (token) => provider.resign(token, (p) => ({ ...p, aud: "een-andere-applicatie", azp: "een-andere-applicatie" }))
      : (token) => provider.resign(token, (p) => ({ ...p, iat: now - 7200, exp: now - 3600 }));
    try {
      const { jar, response } = await signInThroughProvider("medewerker");
      refusedWith(response, "id_token");
      assert.equal((await current(jar)).status, 401);
      assert.match(securityLog(), new RegExp(`"detail":"oidc id_token ${problem}"`));
    } finally {
      provider.rewriteIdToken = null;
    }
  });
}
