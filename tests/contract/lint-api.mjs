#!/usr/bin/env node
// Lints the OpenAPI document that a real `grip serve` serves against the NLGov
// REST API Design Rules (adr-ruleset.yaml, with Spectral):
//
//   node lint-api.mjs GRIP_BINARY [OUT.json]
//
// Starts the server on a fresh store in a temporary folder, reads
// /api/v1/openapi.json, checks the headers the rules ask of the answer itself
// (API-Version, Access-Control-Allow-Origin: *), writes the document to
// OUT.json (for the web's generated types, web/src/api/schema.d.ts), and runs
// Spectral on it. Exit status 0: no errors (warnings are printed; docs/api.md
// says which are kept on purpose); 1: an error; 2: the server did not start.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [grip, outArg] = process.argv.slice(2);
if (!grip) {
  process.stderr.write("usage: node lint-api.mjs GRIP_BINARY [OUT.json]\n");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "grip-lint-"));
const out = resolve(outArg || join(dir, "openapi.json"));
// The contact is the operator's (grip serve --api-contact-*): an example here.
const server = spawn(
  grip,
  ["--db", join(dir, "grip.db"), "--key-file", join(dir, "grip.key"), "-q", "serve", "--listen", "127.0.0.1:0",
   "--no-access-log", "--no-web", "--api-contact-name", "Beheer Grip (voorbeeld)",
   "--api-contact-email", "grip@example.org", "--api-contact-url", "https://example.org/grip"],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let failed = false;
try {
  const base = await new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`grip serve did not start:\n${seen}`)), 60_000);
    const look = (chunk) => {
      seen += chunk;
      const m = /listens on (http:\/\/[^/\s]+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    server.stdout.on("data", look);
    server.stderr.on("data", look);
    server.on("exit", (code) => fail(new Error(`grip serve ended (${code}):\n${seen}`)));
  });
  const answer = await fetch(`${base}/api/v1/openapi.json`);
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`GET /api/v1/openapi.json: ${answer.status}`);
  const doc = JSON.parse(text);
  const problems = [];
  if (answer.headers.get("api-version") !== doc.info.version)
    problems.push(`API-Version is ${answer.headers.get("api-version")}, the document's version ${doc.info.version}`);
  if (answer.headers.get("access-control-allow-origin") !== "*")
    problems.push("GET /api/v1/openapi.json has no Access-Control-Allow-Origin: *");
  const health = await fetch(`${base}/healthz`);
  if (!health.headers.get("api-version")) problems.push("GET /healthz has no API-Version header");
  for (const p of problems) process.stderr.write(`lint-api: ${p}\n`);
  failed = problems.length > 0;
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
} catch (e) {
  process.stderr.write(`lint-api: ${e.message}\n`);
  server.kill();
  rmSync(dir, { recursive: true, force: true });
  process.exit(2);
}
server.kill();

const spectral = spawnSync(
  join(here, "node_modules", ".bin", "spectral"),
  ["lint", "--ruleset", join(here, "adr-ruleset.yaml"), "--fail-severity", "error", "--format", "stylish", out],
  { stdio: "inherit" },
);
if (spectral.error) {
  process.stderr.write(`lint-api: spectral: ${spectral.error.message} (npm ci in tests/contract)\n`);
  failed = true;
} else if (spectral.status !== 0) {
  failed = true;
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
