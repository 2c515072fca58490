// validate.js SCHEMA FILE... — validates JSON files against an OSCAL schema with ajv 8
// (draft-07, Unicode patterns such as \p{L} as the schemas mean them); prints every error
// and exits 1 when a file does not validate. Run by tests/e2e/oscal.sh with NODE_PATH
// set to the packages tests/oscal/package-lock.json pins (installed by make e2e).
"use strict";
const fs = require("fs");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
	console.error("usage: node validate.js SCHEMA FILE...");
	process.exit(2);
}
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let bad = 0;
for (const f of files) {
	if (!validate(JSON.parse(fs.readFileSync(f, "utf8")))) {
		bad++;
		for (const e of validate.errors.slice(0, 20))
			console.error(`${f}: ${e.instancePath || "/"} ${e.message}`);
	}
}
process.exit(bad ? 1 : 0);
