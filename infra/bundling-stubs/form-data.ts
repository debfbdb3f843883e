/**
 * Stands in for the `form-data` package in Lambda bundles (infra/bundling-options.ts aliases it
 * here). axios imports form-data for one job: turning a plain object into a multipart body when a
 * request asks for `multipart/form-data` (toFormData). The gateway only ever sends JSON, and the
 * real package drags mime-db (137 kB) and a dozen helpers into every bundle that uses axios.
 *
 * Node 18+ has a spec-compliant global FormData, and axios's Node adapter streams such a form
 * itself (formDataToStream), so even a multipart request would still work — it just would not go
 * through the form-data package. Source code run by tsx/vitest (the twin, the tests) is not
 * bundled and keeps the real package.
 */
const PlatformFormData: typeof FormData = globalThis.FormData;
export default PlatformFormData;
