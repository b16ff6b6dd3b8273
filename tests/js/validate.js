// Compile every committed schema/*.schema.json in Ajv strict mode and validate documents.
//
// Usage: node validate.js [--no-vocabulary] SCHEMA_DIR CASES_JSON
// CASES_JSON holds [{"name": ..., "schema": "techniques.schema.json", "data": ...}, ...]
// (YAML is converted to JSON by the Python test, so no YAML library is needed here).
// Prints {"compiled": [file names], "results": [{"name", "valid", "errors"}]} as JSON.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const args = process.argv.slice(2);
// --no-vocabulary leaves out the line below, to show that strict mode needs it
const withVocabulary = args[0] !== "--no-vocabulary";
const [schemaDir, casesFile] = withVocabulary ? args : args.slice(1);
if (!schemaDir || !casesFile) {
  process.stderr.write("usage: node validate.js [--no-vocabulary] SCHEMA_DIR CASES_JSON\n");
  process.exit(2);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv); // "format": "date" is asserted, as the loader does
// The one line pdcontent's schemas need: declare its annotation keywords.
if (withVocabulary) ajv.addVocabulary(["x-translatable", "x-format"]);

const compiled = [];
const validators = new Map();
for (const name of fs.readdirSync(schemaDir).sort()) {
  if (!name.endsWith(".schema.json")) continue;
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, name), "utf8"));
  validators.set(name, ajv.compile(schema)); // throws on anything strict mode rejects
  compiled.push(name);
}

const results = [];
for (const item of JSON.parse(fs.readFileSync(casesFile, "utf8"))) {
  const validate = validators.get(item.schema);
  if (!validate) throw new Error(`no compiled schema ${item.schema}`);
  const valid = validate(item.data);
  results.push({ name: item.name, valid, errors: validate.errors || [] });
}
process.stdout.write(JSON.stringify({ compiled, results }) + "\n");
