// The GraphQL client: automatic persisted queries over GET, and two caches keyed by
// locale as well as by id, so a German page never shows an English answer it cached.
//
// APQ (Apollo's protocol, which the API implements): the first GET sends only the
// SHA-256 of the document; the API answers PERSISTED_QUERY_NOT_FOUND once, the client
// then sends document and hash together, and from then on every client's GET is a short,
// stable URL — the same for every reader of a page in a language — that a CDN can cache.

const ENDPOINT = document.querySelector('meta[name="pdcontent-api"]')?.content || "/graphql";

const hashes = new Map(); // document -> Promise<sha256 hex>
const results = new Map(); // request URL (hash + variables, locale among them) -> data
const entities = new Map(); // "Type:id@locale" -> the item as last fetched in that locale

/** The APQ hash of a document: SHA-256 of its UTF-8 bytes in lowercase hex. */
export function sha256Hex(text) {
  if (!hashes.has(text)) {
    const bytes = new TextEncoder().encode(text);
    hashes.set(
      text,
      crypto.subtle.digest("SHA-256", bytes).then((digest) =>
        Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
      ),
    );
  }
  return hashes.get(text);
}

function url(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  return `${ENDPOINT}?${search}`;
}

async function get(href) {
  // plain JSON: the API then answers 200 for GraphQL errors (no noisy failed request)
  const response = await fetch(href, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`GraphQL request failed: HTTP ${response.status}`);
  return response.json();
}

/** The key an item is cached under: its type, its id and the locale it was asked for. */
export function entityKey(typename, id, locale) {
  return `${typename}:${id}@${locale}`;
}

function remember(value, locale) {
  if (Array.isArray(value)) {
    value.forEach((item) => remember(item, locale));
  } else if (value && typeof value === "object") {
    if (value.__typename && typeof value.id === "string") {
      const key = entityKey(value.__typename, value.id, locale);
      entities.set(key, { ...entities.get(key), ...value });
    }
    Object.values(value).forEach((item) => remember(item, locale));
  }
}

/** An item already fetched in this locale, or undefined. */
export function cached(typename, id, locale) {
  return entities.get(entityKey(typename, id, locale));
}

/**
 * Run a query with ``variables`` (``locale`` among them) as an APQ GET; resolves to
 * ``data`` and rejects on GraphQL errors. Answers are cached per URL for this page's life.
 */
export async function query(document, variables = {}) {
  const sorted = Object.fromEntries(Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (!globalThis.crypto?.subtle) {
    // crypto.subtle needs a secure context (https or localhost): without it, plain GETs
    return finish(await get(url({ query: document, variables: sorted })), variables.locale);
  }
  const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256Hex(document) } };
  const short = url({ variables: sorted, extensions });
  if (results.has(short)) return results.get(short);
  let body = await get(short);
  if (body.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) {
    body = await get(url({ query: document, variables: sorted, extensions }));
  }
  const data = finish(body, variables.locale);
  results.set(short, data);
  return data;
}

function finish(body, locale) {
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  remember(body.data, locale);
  return body.data;
}

let features;

const FEATURES = `query Features {
  approach: __type(name: "Approach") { fields { name } }
  query: __type(name: "Query") { fields { name args { name } } }
}`;

/**
 * What this API offers beyond the base schema, asked once by introspection: ``jsonLd`` on
 * items, and a ``region`` for search (crisis lines for the reader's country first).
 */
export function apiFeatures() {
  features ??= query(FEATURES)
    .then((data) => {
      const search = data.query?.fields.find((f) => f.name === "search");
      return {
        jsonLd: Boolean(data.approach?.fields.some((f) => f.name === "jsonLd")),
        searchRegion: Boolean(search?.args.some((a) => a.name === "region")),
      };
    })
    .catch(() => ({ jsonLd: false, searchRegion: false })); // introspection off: go without
  return features;
}
