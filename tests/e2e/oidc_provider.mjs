// A real OpenID provider for the tests of sign-in through the municipality's
// identity provider: the npm package oidc-provider (a certified
// implementation) on a loopback port, with one client (Grip) and test
// accounts: "medewerker", whose groups map to a Grip role, "zonderrol",
// whose groups map to none, and "zonderfactor", with a role with personal data
// but without a second factor. Its login page is the package's own
// (devInteractions: any password). Consent is given in advance (a first-party
// client). For the refusal tests, `rewriteIdToken` changes the ID token in the
// token endpoint's answer (re-signed with the provider's own key, or with
// another key for a forgery).
import { createServer } from "node:http";
import { generateKeyPairSync, createSign, randomBytes } from "node:crypto";
import { writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import Provider from "oidc-provider";

function listen(server, port = 0) {
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server.address().port)));
}

// A free loopback port for Grip (its callback must be registered before it starts).
export async function freePort() {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

const b64url = (buffer) => Buffer.from(buffer).toString("base64url");

// A compact JWS (RS256) of `payload` with `privateKey` under `kid`.
export function signJwt(payload, privateKey, kid) {
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(payload));
  const signer = createSign("RSA-SHA256");
  signer.update(`${header}.${body}`);
  return `${header}.${body}.${b64url(signer.sign(privateKey))}`;
}

export function decodeJwt(token) {
  const [header, payload] = token.split(".");
  return { header: JSON.parse(Buffer.from(header, "base64url")), payload: JSON.parse(Buffer.from(payload, "base64url")) };
}

// Starts the provider's listener; `configure` (after Grip's port is known)
// makes the provider and writes Grip's oidc.json into `dir`.
export async function startProvider() {
  let handler = (req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "grip-test-" + randomBytes(4).toString("hex");
  const jwk = { ...privateKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  const secret = randomBytes(24).toString("base64url");
  // The accounts' claims; `extra` is filled in by the test (e.g. a location id of the generated city).
  const accounts = {
    medewerker: { groups: ["grip-beleid", "iedereen"] },
    zonderrol: { groups: ["iedereen"] },
    // A role with personal data, signed in without a second factor (the claim "mfa").
    zonderfactor: { groups: ["grip-balie"] },
    // The name of a local account of the test installation (harness.mjs).
    adviseur: { groups: ["grip-beleid"] },
  };
  const provider = {
    issuer,
    accounts,
    privateKey,
    kid,
    rewriteIdToken: null,
    extraKeys: [],  // public JWKs added to the key set's answer (a key the provider rolled to)
    configure({ gripBase, dir }) {
      const oidc = new Provider(issuer, {
        clients: [
          {
            client_id: "grip",
            client_secret: secret,
            redirect_uris: [`${gripBase}/api/v1/sessions/oidc/callback`],
            post_logout_redirect_uris: [`${gripBase}/aanmelden`],
            response_types: ["code"],
            grant_types: ["authorization_code"],
            token_endpoint_auth_method: "client_secret_basic",
          },
        ],
        jwks: { keys: [jwk] },
        claims: { openid: ["sub"], profile: ["preferred_username", "groups", "organisation", "locations", "mfa"] },
        conformIdTokenClaims: false,
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        async findAccount(ctx, id) {
          if (!accounts[id]) return undefined;
          return { accountId: id, async claims() { return { sub: id, preferred_username: id, ...accounts[id] }; } };
        },
        async loadExistingGrant(ctx) {
          const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
          grant.addOIDCScope("openid profile");
          await grant.save();
          return grant;
        },
      });
      oidc.use(async (ctx, next) => {
        await next();
        if (ctx.path === "/jwks" && provider.extraKeys.length && ctx.body && ctx.body.keys)
          ctx.body = { keys: [...ctx.body.keys, ...provider.extraKeys] };
        if (ctx.path === "/token" && provider.rewriteIdToken && ctx.body && ctx.body.id_token)
          ctx.body = { ...ctx.body, id_token: provider.rewriteIdToken(ctx.body.id_token) };
      });
      handler = oidc.callback();
      const secretFile = join(dir, "oidc-secret");
      writeFileSync(secretFile, secret + "\n", { mode: 0o600 });
      chmodSync(secretFile, 0o600);
      const config = join(dir, "oidc.json");
      writeFileSync(config, JSON.stringify({
        issuer,
        client_id: "grip",
        client_secret_file: secretFile,
        redirect_uri: `${gripBase}/api/v1/sessions/oidc/callback`,
        post_logout_redirect_uri: `${gripBase}/aanmelden`,
        scopes: ["openid", "profile"],
        label: "Testgemeente-account",
        username_claim: "preferred_username",
        roles: { claim: "groups", map: [{ value: "grip-beleid", role: "beleid" }, { value: "grip-balie", role: "infopunt" }] },
        organisation_claim: "organisation",
        locations_claim: "locations",
        second_factor: { claim: "mfa", values: ["ja"] },
      }, null, 2));
      return config;
    },
    // The ID token changed by `change(payload)` and signed again: with the
    // provider's own key, or with `key` (a forgery).
    resign(token, change, key = privateKey, newKid = null) {
      const { header, payload } = decodeJwt(token);
      return signJwt(change(payload), key, newKid || header.kid);
    },
    stop() {
      return new Promise((r) => server.close(r));
    },
  };
  return provider;
}
