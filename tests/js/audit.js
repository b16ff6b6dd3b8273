// Runs graphql-http's GraphQL-over-HTTP server audits against a running server and
// prints one JSON line per audit: {"id", "name", "status", "reason"}. Usage:
//   node audit.js http://127.0.0.1:PORT/graphql
// Exit code 0 whatever the outcomes: the Python test decides which failures matter.
"use strict";

const { auditServer } = require("graphql-http");

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error("usage: node audit.js URL");
    process.exit(2);
  }
  const results = await auditServer({ url });
  for (const result of results) {
    console.log(
      JSON.stringify({
        id: result.id,
        name: result.name,
        status: result.status,
        reason: result.status === "ok" ? "" : String(result.reason),
      }),
    );
  }
}

main().catch((error) => {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(2);
});
