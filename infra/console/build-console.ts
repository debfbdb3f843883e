import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { build, buildSync } from 'esbuild';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const consoleSource = path.join(projectRoot, 'console');

/** The files of the built console: what the twin serves and the stack uploads to its bucket. */
export const consoleFiles = ['index.html', 'console.js', 'console.css'] as const;

/**
 * Bundles the operators' console (Preact, signals, Chart.js) into three static files. Run at twin
 * start and at synth, so a fresh clone needs nothing but `npm ci`: about a second with esbuild.
 */
export async function buildConsole(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build(esbuildOptions(outDir));
  return copyStatic(outDir);
}

/** The same, synchronously: CDK constructs are built in constructors (the stack uploads the result). */
export function buildConsoleSync(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  buildSync(esbuildOptions(outDir));
  return copyStatic(outDir);
}

function esbuildOptions(outDir: string): BuildOptions {
  return {
    entryPoints: [path.join(consoleSource, 'src', 'main.tsx')],
    outfile: path.join(outDir, 'console.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Licences of the bundled libraries go to console.js.LEGAL.txt, which is not served.
    legalComments: 'linked',
    logLevel: 'warning',
  };
}

function copyStatic(outDir: string): string {
  copyFileSync(path.join(consoleSource, 'index.html'), path.join(outDir, 'index.html'));
  copyFileSync(path.join(consoleSource, 'src', 'console.css'), path.join(outDir, 'console.css'));
  return outDir;
}
