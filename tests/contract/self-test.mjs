// Self-test of check-contract.mjs on the fixtures: run with `node --test self-test.mjs`.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name) => join(here, "fixtures", name);

function check(...files) {
  const r = spawnSync(process.execPath, [join(here, "check-contract.mjs"), ...files], { encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

function expect(result, code, ...phrases) {
  assert.equal(result.code, code, `exit code ${result.code}, expected ${code}; output:\n${result.out}`);
  for (const p of phrases) assert.ok(result.out.includes(p), `output lacks "${p}":\n${result.out}`);
}

test("a good document and good exchanges pass", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-good.ndjson")), 0, "contract: OK", "4 of 4 documented operations");
});

test("routes that agree with the document pass", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-good.ndjson"), fixture("routes-good.json")), 0, "contract: OK");
});

test("a server URL with a path is a prefix of the routes", () => {
  expect(check(fixture("openapi-server-prefix.json"), fixture("exchanges-good.ndjson"), fixture("routes-good.json")), 0);
});

test("an undocumented route fails", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-undocumented-route.ndjson")), 1, "undocumented route", "line 2: GET /api/v1/admin/users 200");
});

test("an undocumented method on a documented path fails", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-undocumented-method.ndjson")), 1, "undocumented route", "documented: GET");
});

test("an undocumented status fails", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-undocumented-status.ndjson")), 1, "undocumented status 500");
});

test("a body that does not match its schema fails, and no body value is printed", () => {
  const r = check(fixture("openapi.json"), fixture("exchanges-bad-body.ndjson"));
  expect(r, 1, "body /version: must be integer", "body (root): must have required property 'attributes'", "#/components/schemas/Record");
  for (const secret of ["Jan Jansen", "999990019", "Voorbeeldstraat"]) {
    assert.ok(!r.out.includes(secret), `the report prints a body value (${secret}):\n${r.out}`);
  }
});

test("an undocumented content type fails", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-bad-content-type.ndjson")), 1, "content type text/html is not documented");
});

test("a JSON content type with a body that is not JSON fails", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-body-not-json.ndjson")), 1, "the body is not valid JSON");
});

test("a target that does not match its route fails", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-bad-target.ndjson")), 1, "does not match the route template");
});

test("routes that disagree with the document fail both ways", () => {
  expect(
    check(fixture("openapi.json"), fixture("exchanges-good.ndjson"), fixture("routes-mismatch.json")),
    1,
    "the router declares GET /api/v1/admin/users, which the document does not have",
    "the document has DELETE /api/v1/sessions/current, which the router does not declare",
  );
});

test("an invalid OpenAPI document fails", () => {
  expect(check(fixture("openapi-invalid.json"), fixture("exchanges-good.ndjson")), 1, "not a valid OpenAPI 3.0.3 document", "'version'");
});

test("a malformed exchanges file is an input error", () => {
  expect(check(fixture("openapi.json"), fixture("exchanges-malformed.ndjson")), 2, "line 1", "line 2");
});

test("wrong arguments are a usage error", () => {
  expect(check(), 2, "usage:");
  expect(check(fixture("openapi.json")), 2, "usage:");
  expect(check(fixture("no-such-file.json"), fixture("exchanges-good.ndjson")), 2, "cannot read");
});
