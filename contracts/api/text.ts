import * as z from '../zod-mini';
import { portalTimeRange } from '../portal/limits';

/*
 * zod/mini (see ../zod-mini.ts): the dossier a PUT validates is built from these, and the PUT
 * function bundles only mini. Classic schemas compose them with `z.optional(text(n))`.
 */

/**
 * Text as the gateway stores it: Unicode NFC. Vietnamese can be typed precomposed ("ễ" U+1EC5) or
 * decomposed ("e" + U+0302 + U+0303); the portal and the population database compare bytes, so
 * every string is normalised once, at the edge.
 */
export const text = (max: number, tooLong?: string) => z.string().check(z.normalize('NFC'), z.minLength(1), z.maxLength(max, tooLong));

/** ISO 8601 date-time that states its offset, e.g. `2026-11-22T08:30:00+07:00`. */
export const instant = () =>
  z.iso
    .datetime({ offset: true })
    .check(z.refine(writableAsPortalTime, 'must lie between years 0000 and 9999 in Vietnam time (GMT+7), as the portal writes dates'))
    .register(z.globalRegistry, { description: 'ISO 8601 date-time with an explicit offset (Z or ±hh:mm)' });

const earliestMs = Date.parse(portalTimeRange.earliest);
const latestMs = Date.parse(portalTimeRange.latest);
/** Every instant of the model may reach the portal, whose times have a four-digit year in GMT+7. */
function writableAsPortalTime(iso: string): boolean {
  const ms = Date.parse(iso);
  return ms >= earliestMs && ms <= latestMs;
}

export const httpsUrl = () =>
  z
    .url({ protocol: /^https?$/ })
    .check(z.maxLength(2048))
    .register(z.globalRegistry, { description: 'Download URL of the file; the gateway never carries file bytes' });

/** Stable identifier chosen by the city system (history step, document, supplement request). */
export const stableId = () => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only (1–64)'));
