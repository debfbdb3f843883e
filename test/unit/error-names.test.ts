import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PortalDossierPresenceError, PortalSessionInvalidError } from '../../functions/adapters/portal/portal-errors';
import { errorCodeOf } from '../../functions/core/error-code';
import { PartnerRejectedError, PartnerRetryableError } from '../../functions/core/partners/partner-errors';
import { projectRoot } from '../../infra/bundling-options';

/*
 * The deployed bundles are minified: esbuild renames classes, so `constructor.name` (and an
 * inherited `name`, which is just "Error") says nothing in AWS. Every error class of the functions
 * spells its name out, and nothing reads a class name at run time. (The built bundle itself is
 * checked in test/integration/bundled-error-codes.test.ts.)
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const functionSources = sourceFiles(path.join(projectRoot, 'functions')).map((file) => ({ file: path.relative(projectRoot, file), text: readFileSync(file, 'utf8') }));

describe('error classes that survive bundling', () => {
  it('every error class in functions/ declares its own name, spelled as the class', () => {
    const classes = functionSources.flatMap(({ file, text }) =>
      [...text.matchAll(/class (\w+) extends (\w*Error)\b[^{]*\{([\s\S]*?)\n\}/g)].map((m) => ({ file, name: m[1]!, parent: m[2]!, body: m[3]! })),
    );
    expect(classes.length).toBeGreaterThan(15);
    // A base class that others extend widens its literal (`readonly name: string = '…'`) so that subclasses may override it.
    const extended = new Set(classes.map((c) => c.parent));
    const declaresOwnName = (name: string, body: string) =>
      body.includes(`readonly name = '${name}'`) || (extended.has(name) && body.includes(`readonly name: string = '${name}'`));
    const missing = classes.filter(({ name, body }) => !declaresOwnName(name, body) && !/abstract override readonly name/.test(body)).map((c) => `${c.file}: ${c.name}`);
    expect(missing).toEqual([]);
  });

  it('nothing in functions/ reads a class name at run time', () => {
    expect(functionSources.filter(({ text }) => /constructor\.name/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('the ledger code of an error is its own code, else its explicit name', () => {
    expect(errorCodeOf(new PortalSessionInvalidError('x'))).toBe('portal-session-invalid');
    expect(errorCodeOf(new PortalDossierPresenceError(true))).toBe('portal-dossier-exists');
    expect(errorCodeOf(new PortalDossierPresenceError(false))).toBe('portal-dossier-unknown');
    expect(errorCodeOf(new PartnerRetryableError('portal-http-503', 'x'))).toBe('portal-http-503');
    expect(errorCodeOf(new PartnerRejectedError('portal-rejected-7', 'x'))).toBe('portal-rejected-7');
    expect(errorCodeOf(new TypeError('x'))).toBe('TypeError');
    expect(errorCodeOf('a string')).toBe('non-error');
  });
});
