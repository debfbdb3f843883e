import * as fc from 'fast-check';
import type { Weight } from './hostile-values';
import { toJsonText } from './hostile-values';
import type { Operation } from './openapi-model';
import type { RawRequest } from './raw-http';
import type { JsonSchema } from './schema-arbitrary';

/**
 * What the fuzz generators share. Each case names the route it aims at (for the route × status counts and
 * the OpenAPI comparison), the generator that made it, and how its answer must look: a problem
 * document on error, or a payment provider's own format. Signed callbacks are signed when sent
 * (Standard Webhooks timestamps must be fresh), with the twin's own test secrets.
 */
/** How an answer must look: 'api' (problem documents), a provider's own format, or the health report. */
export type AnswerFormat = 'api' | 'paygov' | 'vnpay' | 'momo' | 'health';

export interface FuzzCase {
  /** `METHOD /template` of the operation aimed at, or `(no route)`. */
  readonly route: string;
  readonly generator: string;
  readonly format: AnswerFormat;
  readonly build: () => RawRequest;
  /** What a 2xx promised, to be checked against the later stages (see runner.ts). */
  readonly accepted?: { readonly kind: 'portal-event'; readonly id: string } | { readonly kind: 'dossier'; readonly code: string };
}

/** What the fuzzer knows of the twin it runs against: keys, secrets, ids that exist. */
export interface FuzzWorld {
  readonly document: JsonSchema;
  readonly operations: readonly Operation[];
  /** A key with every scope, and one with none of the routes' scopes. */
  readonly keys: { readonly all: string; readonly none: string };
  readonly dossierCodes: readonly string[];
  readonly payments: { readonly paygov: readonly string[]; readonly vnpay: readonly string[]; readonly momo: readonly string[] };
  readonly eventIds: readonly string[];
  readonly secrets: {
    readonly portal: string;
    readonly paygov: { readonly partnerCode: string; readonly secret: string };
    readonly vnpay: { readonly hashSecret: string; readonly tmnCode?: string };
    readonly momo: { readonly partnerCode: string; readonly accessKey: string; readonly secretKey: string };
  };
  /** Personal data planted in bodies; none of it may reach a log line. */
  readonly canaries: Canaries;
  readonly weight: Weight;
}

export interface Canaries {
  readonly personalId: string;
  readonly legacyId: string;
  readonly fullName: string;
  readonly dateOfBirth: string;
  readonly phone: string;
}

/** Distinctive, contract-valid personal data (a man born 1988 in Ho Chi Minh City: 079 0 88 …). */
export const canaries: Canaries = {
  personalId: '079088417263',
  legacyId: '024417263',
  fullName: 'Lưu Hoàng Yến Canary',
  dateOfBirth: '1988-07-14',
  phone: '+84 909 417 263',
};


/**
 * Values that go into the request line or a header stay well under Node's 16 KB head limit once
 * percent-encoded: past it Node refuses the request before any route runs, which the wire cases
 * cover on their own.
 */
export const fitsHead = (value: string) => encodeQueryPart(value).length <= 6_000;

export const json = (value: unknown) => Buffer.from(toJsonText(value), 'utf8');

/** A caller's x-request-id: mostly none, sometimes a safe token (which must be echoed), sometimes not. */
export const requestIdHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(129), 'bad id', 'x\u00e9', '', '<script>', 'a/b') },
);

export function encodeQueryPart(value: string): string {
  // Well-formed strings are percent-encoded; a lone surrogate cannot be, so it goes as a raw escape.
  try {
    return encodeURIComponent(value);
  } catch {
    return escape(value);
  }
}

/** The request line is written as latin1: characters beyond it become UTF-8 bytes, as browsers send them. */
export function encodeTargetBytes(target: string): string {
  return Buffer.from(target, 'utf8').toString('latin1');
}

export function latin1Safe(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

