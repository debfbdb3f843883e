/**
 * Portal times are `yyyyMMddHHmmss` wall-clock time in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7
 * without daylight saving since 1975, so a fixed offset is exact for every dossier date and,
 * unlike local-time Date methods, does not depend on the host's time zone.
 */
const vietnamOffsetMs = 7 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 with any offset → `yyyyMMddHHmmss` in GMT+7 (sub-second precision is dropped). */
export function toPortalTime(iso: string): string {
  const epochMs = Date.parse(iso);
  if (Number.isNaN(epochMs)) throw new RangeError(`not an ISO 8601 time: ${iso}`);
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + vietnamOffsetMs);
  return (
    pad(wall.getUTCFullYear(), 4) +
    pad(wall.getUTCMonth() + 1) +
    pad(wall.getUTCDate()) +
    pad(wall.getUTCHours()) +
    pad(wall.getUTCMinutes()) +
    pad(wall.getUTCSeconds())
  );
}

/** `yyyyMMddHHmmss` (GMT+7) → ISO 8601 with the `+07:00` offset. */
export function fromPortalTime(portal: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(portal);
  if (!m) throw new RangeError(`not a portal time (yyyyMMddHHmmss): ${portal}`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`;
}

export const optionalPortalTime = (iso: string | undefined) => (iso === undefined ? undefined : toPortalTime(iso));
