// Ready-to-paste client snippets for a catalog. The catalog name is PyIceberg's
// `warehouse=` (the REST prefix); the credential stays a placeholder: secrets are never
// put on screen by the UI.
export function pyicebergSnippet(uri: string, catalog: string): string {
  const q = (s: string) => JSON.stringify(s);
  return `from pyiceberg.catalog import load_catalog

catalog = load_catalog(
    ${q(catalog)},
    type="rest",
    uri=${q(uri)},
    warehouse=${q(catalog)},
    credential="<client_id>:<client_secret>",
)
print(catalog.list_namespaces())`;
}
