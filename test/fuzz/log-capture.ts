import { format } from 'node:util';
import type { Canaries } from './requests';

/**
 * Captures every byte the process writes to stdout and stderr (the twin runs the functions in
 * this process, so their log lines are among them), as test/scenario/citizen-verification does,
 * and the console methods too: vitest intercepts those before they reach the streams, and the
 * emulator reports its own failures with console.error.
 */
export function captureOutput(options: { echo?: boolean } = {}): { readonly text: () => string; readonly print: (text: string) => void; readonly restore: () => void } {
  const chunks: string[] = [];
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const wrap = (write: (...args: unknown[]) => boolean) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return options.echo ? write(chunk, ...rest) : true;
    }) as typeof process.stdout.write;
  process.stdout.write = wrap(original.out as never);
  process.stderr.write = wrap(original.err as never);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originalConsole = Object.fromEntries(methods.map((m) => [m, console[m]])) as Record<(typeof methods)[number], (...args: unknown[]) => void>;
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      chunks.push(`${format(...args)}\n`);
      if (options.echo) originalConsole[method](...args);
    };
  }
  return {
    text: () => chunks.join(''),
    /** Writes past the capture (a report, not a log line). */
    print: (text: string) => void original.out(text),
    restore: () => {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
      for (const method of methods) console[method] = originalConsole[method];
    },
  };
}

/** The planted personal data found in the captured output, in every form a logger might write it. */
export function leakedCanaries(output: string, canaries: Canaries): string[] {
  const lower = output.toLowerCase();
  const forms: Array<[string, string]> = [
    ['personalId', canaries.personalId],
    ['legacyId', canaries.legacyId],
    ['fullName', canaries.fullName.toLowerCase()],
    ['fullName (JSON-escaped)', JSON.stringify(canaries.fullName).slice(1, -1).toLowerCase()],
    ['fullName (NFD)', canaries.fullName.normalize('NFD').toLowerCase()],
    ['dateOfBirth', canaries.dateOfBirth],
    ['dateOfBirth (compact)', canaries.dateOfBirth.replaceAll('-', '')],
    ['phone', canaries.phone],
    ['phone (digits)', canaries.phone.replace(/\D/g, '')],
  ];
  return forms.filter(([, value]) => lower.includes(value.toLowerCase())).map(([name]) => name);
}
