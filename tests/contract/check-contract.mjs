#!/usr/bin/env node
// Checks Grip's HTTP API against its OpenAPI 3.0 document.
//
//   node check-contract.mjs OPENAPI.json EXCHANGES.ndjson [ROUTES.json]
//
// 1. The document is validated against the OpenAPI 3.0 specification schema
//    (@seriousme/openapi-schema-validator, which also checks that every $ref
//    resolves), plus checks the schema cannot express: path templates and path
//    parameters agree, operationIds are unique, no two paths differ only in
//    their parameter names, and every JSON response schema compiles.
// 2. Every recorded exchange (one JSON object a line, see README.md) must have a
//    documented operation for its route and method, a documented response for
//    its status (exact, 2XX-style range, or default), a documented media type
//    for its content type, and, when the body is JSON and the response declares
//    a schema for it, a body that the schema accepts (Ajv, draft-04 dialect as
//    OpenAPI 3.0 uses it: nullable, boolean exclusiveMinimum, formats).
// 3. With ROUTES.json (an array of {"method","route"} as the router declares
//    them), the router and the document must agree both ways.
//
// Exit status: 0 all checks pass, 1 a check failed, 2 usage or input error
// (missing file, malformed exchanges or routes file, dependencies not
// installed). Bodies are never printed: a body failure shows the JSON pointer
// into the body and the schema's message only.

import { readFileSync } from "node:fs";

const USAGE = "usage: node check-contract.mjs OPENAPI.json EXCHANGES.ndjson [ROUTES.json]";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const MAX_PRINTED_FAILURES = 200;
const MAX_ERRORS_PER_BODY = 8;
const MAX_DOCUMENT_ERRORS = 25;

function usageError(message) {
  process.stderr.write(`check-contract: ${message}\n${USAGE}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- arguments

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "-h" || args[0] === "--help")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length < 2 || args.length > 3) usageError("expected two or three file arguments");
for (const a of args) if (a.startsWith("-")) usageError(`unknown option ${a}`);
const [openapiFile, exchangesFile, routesFile] = args;

let Validator, Ajv04, addFormats;
try {
  ({ Validator } = await import("@seriousme/openapi-schema-validator"));
  ({ default: Ajv04 } = await import("ajv-draft-04"));
  ({ default: addFormats } = await import("ajv-formats"));
  if (typeof addFormats !== "function" && addFormats && typeof addFormats.default === "function") {
    addFormats = addFormats.default;
  }
} catch (err) {
  process.stderr.write(
    `check-contract: its npm dependencies are not installed (${err.code || err.message}).\n` +
      "Run scripts/setup (it runs: npm ci --prefix tests/contract --no-audit --no-fund).\n",
  );
  process.exit(2);
}

function readText(file, what) {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    usageError(`cannot read ${what} ${file}: ${err.code || err.message}`);
  }
}

// ---------------------------------------------------------------- reporting

const failures = []; // { section, text }
const notes = new Set();

function fail(section, text) {
  failures.push({ section, text });
}

function note(text) {
  notes.add(text);
}

// ---------------------------------------------------------------- helpers

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

function escapePointer(segment) {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointer(segment) {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function pointerOf(segments) {
  return `#${segments.map((s) => `/${escapePointer(s)}`).join("")}`;
}

// Resolves a local reference "#/a/b" in the document; undefined if it does not.
function lookup(doc, ref) {
  if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
  let node = doc;
  let fragment;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === "") return node;
  if (!fragment.startsWith("/")) return undefined;
  for (const raw of fragment.slice(1).split("/")) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = node[unescapePointer(raw)];
    if (node === undefined) return undefined;
  }
  return node;
}

// Follows $ref chains of an object (path item, response, parameter).
// Returns { value, pointer } or { error }.
function deref(doc, value, pointer) {
  const seen = new Set();
  while (isObject(value) && typeof value.$ref === "string") {
    const ref = value.$ref;
    if (!ref.startsWith("#")) return { error: `external $ref ${ref} is not supported` };
    if (seen.has(ref)) return { error: `$ref cycle at ${ref}` };
    seen.add(ref);
    const target = lookup(doc, ref);
    if (target === undefined) return { error: `$ref ${ref} does not resolve` };
    value = target;
    pointer = ref;
  }
  return { value, pointer };
}

function withoutQuery(target) {
  return target.replace(/[?#].*$/, "");
}

// Path templates are the same operation whatever their parameters are called:
// "{id}", ":id" and "<id>" segments all become "{}".
function normalizeTemplate(path) {
  return path
    .split("/")
    .map((seg) => seg.replace(/\{[^}/]*\}/g, "{}").replace(/^:[^/]+$/, "{}").replace(/^<[^>/]+>$/, "{}"))
    .join("/");
}

function templateRegex(route) {
  const parts = route.split(/(\{[^}/]*\}|(?<=^|\/):[^/]+(?=\/|$)|(?<=^|\/)<[^>/]+>(?=\/|$))/);
  const body = parts
    .map((p, i) => (i % 2 === 1 ? "[^/]+" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

function mediaTypeOf(contentType) {
  return String(contentType).split(";")[0].trim().toLowerCase();
}

function isJsonMediaType(mt) {
  return mt === "application/json" || /^[a-z0-9.+-]+\/[a-z0-9.+-]*\+json$/.test(mt);
}

function describeAjvError(e) {
  let path = e.instancePath || "";
  if (e.keyword === "additionalProperties" && e.params && e.params.additionalProperty !== undefined) {
    path += `/${escapePointer(e.params.additionalProperty)}`;
  }
  const where = isObject(e.parentSchema) ? schemaPointers.get(e.parentSchema) : undefined;
  const schemaPath = where !== undefined ? ` [schema ${where}/${escapePointer(e.keyword)}]` : "";
  return `${path === "" ? "(root)" : path}: ${e.message}${schemaPath}`;
}

function dedupe(list) {
  return [...new Set(list)];
}

// ---------------------------------------------------------------- 1. the document

const openapiText = readText(openapiFile, "OpenAPI document");
let doc;
try {
  doc = JSON.parse(openapiText);
} catch (err) {
  fail("document", `the OpenAPI document is not valid JSON: ${err.message}`);
}
if (doc !== undefined && !isObject(doc)) {
  fail("document", "the OpenAPI document is not a JSON object");
  doc = undefined;
}

if (doc) {
  if (typeof doc.openapi !== "string" || !/^3\.0\.\d+$/.test(doc.openapi)) {
    fail("document", `expected an OpenAPI 3.0.x document, found openapi: ${JSON.stringify(doc.openapi ?? null)}`);
  } else {
    const validator = new Validator({ allErrors: true });
    const result = await validator.validate(structuredClone(doc));
    if (!result.valid) {
      if (typeof result.errors === "string") {
        fail("document", `not a valid OpenAPI ${doc.openapi} document: ${result.errors}`);
      } else {
        const errors = dedupe((result.errors || []).map((e) => `${e.instancePath || "(root)"}: ${e.message}`));
        const shown = errors.slice(0, MAX_DOCUMENT_ERRORS);
        const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : "";
        fail(
          "document",
          `not a valid OpenAPI ${doc.openapi} document (OpenAPI 3.0 schema)${more}:\n` +
            shown.map((s) => `    ${s}`).join("\n"),
        );
      }
    }
  }
}

const paths = doc && isObject(doc.paths) ? doc.paths : {};

// Server path prefixes: a route is "/api/v1/x" whether the document says
// paths["/api/v1/x"] or servers [{url: "/api/v1"}] with paths["/x"].
const prefixes = [];
if (doc && Array.isArray(doc.servers)) {
  for (const server of doc.servers) {
    if (!isObject(server) || typeof server.url !== "string") continue;
    let url = server.url.replace(/\{([^}]+)\}/g, (m, name) => {
      const v = isObject(server.variables) && isObject(server.variables[name]) ? server.variables[name].default : undefined;
      return typeof v === "string" ? v : m;
    });
    let path = url;
    try {
      path = new URL(url).pathname;
    } catch {
      // relative: the url is the path
    }
    path = path.replace(/\/+$/, "");
    if (path.startsWith("/") && !prefixes.includes(path)) prefixes.push(path);
  }
}
const displayPrefix = prefixes.length > 0 ? prefixes[0] : "";
if (!prefixes.includes("")) prefixes.push("");

// Operations: key "METHOD normalized-path" -> { method, pathKey, item, itemPointer, op, opPointer }.
const operations = new Map();
const byNormalizedPath = new Map(); // normalized path -> pathKey
for (const [pathKey, rawItem] of Object.entries(paths)) {
  const norm = normalizeTemplate(pathKey);
  if (byNormalizedPath.has(norm)) {
    fail("document", `paths ${byNormalizedPath.get(norm)} and ${pathKey} differ only in parameter names`);
    continue;
  }
  byNormalizedPath.set(norm, pathKey);
  const r = deref(doc, rawItem, pointerOf(["paths", pathKey]));
  if (r.error) {
    fail("document", `path ${pathKey}: ${r.error}`);
    continue;
  }
  if (!isObject(r.value)) continue;
  for (const method of METHODS) {
    const op = r.value[method];
    if (!isObject(op)) continue;
    operations.set(`${method} ${norm}`, {
      method,
      pathKey,
      item: r.value,
      op,
      opPointer: `${r.pointer}/${method}`,
      name: `${method.toUpperCase()} ${displayPrefix}${pathKey}`,
    });
  }
}

// Finds the documented path for a route: { pathKey, norm } or undefined.
function findPath(route) {
  for (const prefix of prefixes) {
    if (prefix !== "" && !(route === prefix || route.startsWith(`${prefix}/`))) continue;
    const rest = route.slice(prefix.length) || "/";
    const norm = normalizeTemplate(rest);
    if (byNormalizedPath.has(norm)) return { pathKey: byNormalizedPath.get(norm), norm };
  }
  return undefined;
}

function findOperation(method, route) {
  const p = findPath(route);
  if (!p) return { path: undefined, operation: undefined };
  return { path: p, operation: operations.get(`${method.toLowerCase()} ${p.norm}`) };
}

function documentedMethods(path) {
  return METHODS.filter((m) => operations.has(`${m} ${path.norm}`)).map((m) => m.toUpperCase());
}

// Semantic checks the specification schema cannot express.
if (doc) {
  const operationIds = new Map();
  for (const entry of operations.values()) {
    const { op, item, pathKey, name } = entry;
    if (typeof op.operationId === "string") {
      if (operationIds.has(op.operationId)) {
        fail("document", `operationId ${op.operationId} is used by both ${operationIds.get(op.operationId)} and ${name}`);
      } else {
        operationIds.set(op.operationId, name);
      }
    }
    // Path parameters: operation-level ones override path-level ones by (name, in).
    const params = new Map();
    for (const list of [item.parameters, op.parameters]) {
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        const r = deref(doc, raw, "");
        if (r.error || !isObject(r.value)) continue;
        params.set(`${r.value.in} ${r.value.name}`, r.value);
      }
    }
    const inTemplate = [...pathKey.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]);
    const declared = [...params.values()].filter((p) => p.in === "path").map((p) => p.name);
    for (const name of inTemplate) {
      if (!declared.includes(name)) fail("document", `${entry.name}: path parameter {${name}} is not declared in parameters`);
    }
    for (const name of declared) {
      if (!inTemplate.includes(name)) fail("document", `${entry.name}: path parameter ${name} is declared but not in the path`);
    }
  }
}

// Ajv for the bodies: the whole document is added as one schema, and each
// response schema is compiled as a reference into it, so that "$ref":
// "#/components/schemas/..." resolves as in the document.
const ajvWarnings = [];
const ajv = new Ajv04({
  strict: false, // OpenAPI keywords (example, discriminator, xml, x-...) are not JSON Schema
  allErrors: true,
  verbose: true, // errors carry their parentSchema, to name where in the document it is (data is never printed)
  validateFormats: true,
  logger: {
    log() {},
    warn(...a) {
      ajvWarnings.push(a.join(" "));
    },
    error(...a) {
      ajvWarnings.push(a.join(" "));
    },
  },
});
addFormats(ajv);

// OpenAPI 3.0.3: nullable adds null "only if type is explicitly defined within
// the same Schema Object"; without type it has no effect. Ajv refuses
// nullable without type, so it is dropped there (with a note).
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "schemas"]);
function dropTypelessNullable(node, pointer, inMap = false) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => dropTypelessNullable(v, `${pointer}/${i}`));
    return;
  }
  if (!isObject(node)) return;
  if (!inMap && typeof node.nullable === "boolean" && node.type === undefined) {
    if (node.nullable) note(`${pointer}: "nullable" without "type" has no effect in OpenAPI 3.0.3 (null is not allowed there)`);
    delete node.nullable;
  }
  for (const [k, v] of Object.entries(node)) {
    // Data, not schemas (unless it is the name of a property).
    if (!inMap && (k === "example" || k === "examples" || k === "default" || k === "enum")) continue;
    dropTypelessNullable(v, `${pointer}/${escapePointer(k)}`, !inMap && SCHEMA_MAPS.has(k));
  }
}

// Each object of the document (as given to Ajv) -> its JSON pointer, so that an
// error can name the schema it comes from, e.g. #/components/schemas/Record/required.
const schemaPointers = new Map();
function indexPointers(node, pointer) {
  if (!isObject(node) && !Array.isArray(node)) return;
  if (schemaPointers.has(node)) return;
  schemaPointers.set(node, pointer);
  for (const [k, v] of Object.entries(node)) indexPointers(v, `${pointer}/${escapePointer(k)}`);
}

const DOC_ID = "openapi.json";
let ajvReady = false;
if (doc) {
  try {
    const copy = structuredClone(doc);
    dropTypelessNullable(copy, "#");
    indexPointers(copy, "#");
    ajv.addSchema(copy, DOC_ID, undefined, false);
    ajvReady = true;
  } catch (err) {
    fail("document", `the document cannot be loaded as JSON Schema: ${err.message}`);
  }
}

const compiled = new Map(); // schema pointer -> validate function or { error }
function bodyValidator(schemaPointer) {
  if (!compiled.has(schemaPointer)) {
    const ref = `${DOC_ID}#${schemaPointer
      .slice(1)
      .split("/")
      .map((s) => encodeURIComponent(s))
      .join("/")}`;
    try {
      compiled.set(schemaPointer, ajv.compile({ $ref: ref }));
    } catch (err) {
      compiled.set(schemaPointer, { error: err.message });
    }
  }
  return compiled.get(schemaPointer);
}

function findResponse(op, status) {
  const responses = isObject(op.responses) ? op.responses : {};
  const exact = String(status);
  if (responses[exact] !== undefined) return { key: exact, raw: responses[exact] };
  const range = `${exact[0]}XX`;
  for (const key of Object.keys(responses)) {
    if (key.toUpperCase() === range) return { key, raw: responses[key] };
  }
  if (responses.default !== undefined) return { key: "default", raw: responses.default };
  return undefined;
}

function findMediaType(content, mediaType) {
  const keys = Object.keys(content);
  const norm = new Map(keys.map((k) => [mediaTypeOf(k), k]));
  const [type] = mediaType.split("/");
  for (const candidate of [mediaType, `${type}/*`, "*/*"]) {
    if (norm.has(candidate)) return norm.get(candidate);
  }
  return undefined;
}

// Every JSON response schema in the document must compile (once each).
if (ajvReady) {
  for (const entry of operations.values()) {
    const responses = isObject(entry.op.responses) ? entry.op.responses : {};
    for (const [key, raw] of Object.entries(responses)) {
      const r = deref(doc, raw, `${entry.opPointer}/responses/${escapePointer(key)}`);
      if (r.error) {
        fail("document", `${entry.name} response ${key}: ${r.error}`);
        continue;
      }
      if (!isObject(r.value) || !isObject(r.value.content)) continue;
      for (const [mt, media] of Object.entries(r.value.content)) {
        if (!isJsonMediaType(mediaTypeOf(mt)) || !isObject(media) || media.schema === undefined) continue;
        const v = bodyValidator(`${r.pointer}/content/${escapePointer(mt)}/schema`);
        if (v.error) fail("document", `${entry.name} response ${key} ${mt}: the schema does not compile: ${v.error}`);
      }
    }
  }
}

// ---------------------------------------------------------------- 2. the exchanges

const exchanges = [];
{
  const inputErrors = [];
  const lines = readText(exchangesFile, "exchanges file").split("\n");
  lines.forEach((text, i) => {
    const lineNo = i + 1;
    if (text.trim() === "") return;
    let ex;
    try {
      ex = JSON.parse(text);
    } catch (err) {
      inputErrors.push(`line ${lineNo}: not JSON (${err.message})`);
      return;
    }
    const problems = [];
    if (!isObject(ex)) problems.push("not a JSON object");
    else {
      if (typeof ex.method !== "string" || !/^[A-Za-z]+$/.test(ex.method)) problems.push('"method" must be an HTTP method');
      if (typeof ex.route !== "string" || !ex.route.startsWith("/")) problems.push('"route" must be a path template starting with /');
      if (ex.target !== undefined && ex.target !== null && typeof ex.target !== "string") problems.push('"target" must be a string');
      if (!Number.isInteger(ex.status) || ex.status < 100 || ex.status > 599) problems.push('"status" must be an integer 100-599');
      if (ex.content_type !== undefined && ex.content_type !== null && typeof ex.content_type !== "string") {
        problems.push('"content_type" must be a string or null');
      }
      const hasType = typeof ex.content_type === "string" && ex.content_type.trim() !== "";
      if (!hasType && ex.body !== undefined && ex.body !== null) problems.push('a "body" needs a "content_type"');
      if (ex.body_not_json !== undefined && typeof ex.body_not_json !== "boolean") problems.push('"body_not_json" must be a boolean');
    }
    if (problems.length > 0) inputErrors.push(`line ${lineNo}: ${problems.join("; ")}`);
    else exchanges.push({ lineNo, ...ex });
  });
  if (inputErrors.length > 0) {
    process.stderr.write(
      `check-contract: ${exchangesFile} is not a valid exchanges file:\n` +
        inputErrors.slice(0, 50).map((s) => `  ${s}\n`).join("") +
        (inputErrors.length > 50 ? `  (and ${inputErrors.length - 50} more)\n` : ""),
    );
    process.exit(2);
  }
}

const exercised = new Set();
for (const ex of exchanges) {
  const method = ex.method.toUpperCase();
  const label = `line ${ex.lineNo}: ${method} ${ex.route} ${ex.status}`;
  if (typeof ex.target === "string" && !templateRegex(ex.route).test(withoutQuery(ex.target))) {
    fail("exchanges", `${label}: the target does not match the route template (the test recorded the wrong route)`);
  }
  const { path, operation } = findOperation(method, ex.route);
  if (!operation) {
    const why = path
      ? `the document has no ${method} for ${path.pathKey} (documented: ${documentedMethods(path).join(", ") || "none"})`
      : "the document has no such path";
    fail("exchanges", `${label}: undocumented route: ${why}`);
    continue;
  }
  exercised.add(`${operation.method} ${normalizeTemplate(operation.pathKey)}`);
  const found = findResponse(operation.op, ex.status);
  if (!found) {
    const documented = Object.keys(isObject(operation.op.responses) ? operation.op.responses : {});
    fail("exchanges", `${label}: undocumented status ${ex.status} for ${operation.name} (documented: ${documented.join(", ") || "none"})`);
    continue;
  }
  const r = deref(doc, found.raw, `${operation.opPointer}/responses/${escapePointer(found.key)}`);
  if (r.error || !isObject(r.value)) continue; // reported with the document
  const response = r.value;
  const hasType = typeof ex.content_type === "string" && ex.content_type.trim() !== "";
  if (!hasType) continue; // no body
  const mediaType = mediaTypeOf(ex.content_type);
  const content = isObject(response.content) ? response.content : {};
  if (Object.keys(content).length === 0) {
    fail("exchanges", `${label}: response ${found.key} documents no content, but the exchange has content type ${mediaType}`);
    continue;
  }
  const mtKey = findMediaType(content, mediaType);
  if (mtKey === undefined) {
    fail(
      "exchanges",
      `${label}: content type ${mediaType} is not documented for response ${found.key} (documented: ${Object.keys(content).join(", ")})`,
    );
    continue;
  }
  const media = content[mtKey];
  if (ex.body_not_json === true) {
    if (isJsonMediaType(mediaType)) fail("exchanges", `${label}: the content type is ${mediaType} but the body is not valid JSON`);
    continue;
  }
  if (ex.body === undefined || ex.body === null) continue;
  if (!isJsonMediaType(mediaType) || !isObject(media) || media.schema === undefined || !ajvReady) continue;
  const validate = bodyValidator(`${r.pointer}/content/${escapePointer(mtKey)}/schema`);
  if (validate.error) continue; // reported with the document
  if (!validate(ex.body)) {
    const errors = dedupe((validate.errors || []).map(describeAjvError));
    const shown = errors.slice(0, MAX_ERRORS_PER_BODY);
    const more = errors.length > shown.length ? `\n    (and ${errors.length - shown.length} more)` : "";
    fail(
      "exchanges",
      `${label}: body does not match the ${mtKey} schema of response ${found.key}:\n` +
        shown.map((s) => `    body ${s}`).join("\n") +
        more,
    );
  }
}

// ---------------------------------------------------------------- 3. the routes

let routeCount = 0;
if (routesFile !== undefined) {
  let routes;
  try {
    routes = JSON.parse(readText(routesFile, "routes file"));
  } catch (err) {
    usageError(`${routesFile} is not JSON: ${err.message}`);
  }
  if (!Array.isArray(routes)) usageError(`${routesFile} must be a JSON array of {"method","route"}`);
  routes.forEach((r, i) => {
    if (!isObject(r) || typeof r.method !== "string" || typeof r.route !== "string" || !r.route.startsWith("/")) {
      usageError(`${routesFile} entry ${i}: expected {"method": "GET", "route": "/api/v1/..."}`);
    }
  });
  routeCount = routes.length;
  const routed = new Set();
  for (const r of routes) {
    const method = r.method.toUpperCase();
    const { operation } = findOperation(method, r.route);
    if (!operation) {
      fail("routes", `the router declares ${method} ${r.route}, which the document does not have`);
      continue;
    }
    routed.add(`${operation.method} ${normalizeTemplate(operation.pathKey)}`);
  }
  for (const [key, entry] of operations) {
    if (!routed.has(key)) fail("routes", `the document has ${entry.name}, which the router does not declare`);
  }
}

// ---------------------------------------------------------------- the report

for (const w of dedupe(ajvWarnings)) note(`schema: ${w}`);

const out = [];
out.push(
  `contract check: ${openapiFile} (${operations.size} operation${operations.size === 1 ? "" : "s"}), ${exchanges.length} exchange${exchanges.length === 1 ? "" : "s"}` +
    (routesFile !== undefined ? `, ${routeCount} route${routeCount === 1 ? "" : "s"}` : ""),
);
const bySection = (s) => failures.filter((f) => f.section === s).length;
if (doc && bySection("document") === 0) out.push(`document: valid OpenAPI ${doc.openapi}`);

failures.slice(0, MAX_PRINTED_FAILURES).forEach((f) => out.push(`FAIL ${f.section}: ${f.text}`));
if (failures.length > MAX_PRINTED_FAILURES) out.push(`(and ${failures.length - MAX_PRINTED_FAILURES} more failures)`);

for (const n of notes) out.push(`note: ${n}`);
if (exchanges.length === 0) out.push("note: no exchanges were recorded");
const unexercised = [...operations.entries()].filter(([k]) => !exercised.has(k)).map(([, e]) => e.name);
if (operations.size > 0) {
  out.push(
    `coverage: ${operations.size - unexercised.length} of ${operations.size} documented operations exercised` +
      (unexercised.length > 0 ? `; not exercised: ${unexercised.slice(0, 40).join(", ")}${unexercised.length > 40 ? ", ..." : ""}` : ""),
  );
}

if (failures.length === 0) {
  out.push("contract: OK");
} else {
  out.push(
    `contract: FAILED, ${failures.length} failure${failures.length === 1 ? "" : "s"} ` +
      `(document ${bySection("document")}, exchanges ${bySection("exchanges")}, routes ${bySection("routes")})`,
  );
}
process.stdout.write(`${out.join("\n")}\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
