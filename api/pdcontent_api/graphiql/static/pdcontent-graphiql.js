// Starts GraphiQL on the page /graphql serves: React, ReactDOM, GraphiQL and its explorer
// plugin are loaded before this file, from this server (no CDN). A separate file rather
// than an inline script, so the page's Content-Security-Policy can say script-src 'self'.
"use strict";

(function () {
  const EXAMPLE_QUERY = `# GraphiQL for the pdcontent API, served by this server (it works offline).
#
# Run a query: Ctrl-Enter (or the play button). Complete: Ctrl-Space.
# The schema and its documentation: the book icon on the left.
# Every field takes locale: "de", or the Accept-Language header decides.

{
  approach {
    id
    title
    summary
  }
  techniques(limit: 3) {
    items {
      id
      title
    }
    total
    hasMore
  }
}
`;

  // ?q=…&variables=… share a query by its URL, as Strawberry's GraphiQL page did
  const parameters = new URLSearchParams(window.location.search);

  function updateURL(name, value) {
    if (value) {
      parameters.set(name, value);
    } else {
      parameters.delete(name);
    }
    const search = parameters.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  // the endpoint is this page's own URL: same origin, whatever prefix a proxy adds
  const fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function App() {
    const [query, setQuery] = React.useState(parameters.get("q") || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.get("variables") || undefined);
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      query: query,
      variables: variables,
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      onEditQuery: function (value) {
        setQuery(value);
        updateURL("q", value);
      },
      onEditVariables: function (value) {
        setVariables(value);
        updateURL("variables", value);
      },
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
