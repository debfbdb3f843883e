import type { StoredEvent } from '../delivery/event-records';

/**
 * A citizen's rating of a dossier's handling (the portal's `dossier.rated` callback, relayed to
 * the city by the gateway). Kept per dossier, the latest rating winning, so the satisfaction
 * indicator counts negative ratings the gateway saw pass; complaints never pass through it.
 */
export interface PortalRating {
  readonly dossierCode: string;
  readonly score: number;
  readonly ratedAt: string;
}

export interface RatingPorts {
  readonly readEvent: (eventId: string) => Promise<StoredEvent | undefined>;
  /** Keeps the rating unless a later one (by ratedAt) is already kept. */
  readonly putRatingIfNewer: (rating: PortalRating) => Promise<void>;
}

export async function recordPortalRating(eventId: string, ports: RatingPorts): Promise<'recorded' | 'not_a_rating'> {
  const event = await ports.readEvent(eventId);
  const payload = event?.payload as { type?: string; data?: { dossierCode?: string; score?: number; ratedAt?: string } } | undefined;
  const data = payload?.data;
  if (!event || payload?.type !== 'dossier.rated' || !data?.dossierCode || typeof data.score !== 'number' || !data.ratedAt) return 'not_a_rating';
  await ports.putRatingIfNewer({ dossierCode: data.dossierCode, score: data.score, ratedAt: data.ratedAt });
  return 'recorded';
}
