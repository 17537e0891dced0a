import type { NormalizedPosting, RawPosting } from '../types';
import { placeLocation } from '../normalize/geo';
import type { DedupRecord } from './types';

/** The woonplaats (CBS code) of a raw posting when it lies in the normalized gemeente. */
export function localityOf(raw: Pick<RawPosting, 'locationText' | 'postalCode'>, gemeenteCode: string | null): string | null {
  if (!gemeenteCode) return null;
  const r = placeLocation({
    locationText: typeof raw.locationText === 'string' ? raw.locationText : null,
    postalCode: typeof raw.postalCode === 'string' ? raw.postalCode : null,
  });
  return r.geo?.gemeenteCode === gemeenteCode ? r.woonplaatsCode ?? null : null;
}

/** Build a DedupRecord from a raw + normalized posting (helper for the ingestion pipeline). */
export function toDedupRecord(id: string, raw: RawPosting, n: NormalizedPosting, seenAt: string, closedAt: string | null = null): DedupRecord {
  return {
    id,
    sourceId: raw.sourceId,
    externalId: raw.externalId ?? null,
    url: raw.url,
    titleNormalized: n.titleNormalized,
    employerNormalized: n.employerNormalized,
    realEmployer: n.realEmployer,
    isIntermediary: n.isIntermediary,
    gemeenteCode: n.geo?.gemeenteCode ?? null,
    locality: localityOf(raw, n.geo?.gemeenteCode ?? null),
    description: n.description,
    hoursMin: n.hoursMin,
    hoursMax: n.hoursMax,
    datePosted: n.datePosted,
    seenAt,
    closedAt,
  };
}
