/**
 * The stable code of an error, as the ledger records it: the error's own
 * `code` when it has a string one (partner errors, portal errors), else its `name`. Never its
 * class name: the deployed bundles are minified and esbuild renames classes (`PortalSessionInvalidError`
 * became `br`), so every error class of the gateway spells its `name` out, and so do zod
 * (`ZodError`) and the built-in errors (`TypeError`).
 */
export function errorCodeOf(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error';
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && code !== '' ? code : error.name;
}
