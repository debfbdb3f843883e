import { XMLParser } from 'fast-xml-parser';
import type { VerificationRequest } from '../../contracts/api/verification';
import type { CitizenLookupRequest } from '../../contracts/identity/population-db';
import { CongDan, populationSexCodes } from '../../contracts/identity/population-db';
import type { CitizenFacts } from '../core/identity/citizen-match';

/** Identifies the city's integration and the public service asking (PARTNERS.md §2). */
export interface LookupContext {
  readonly integrationCode: string;
  readonly serviceCode: string;
  readonly requestId: string;
}

/** The gateway's request → the population database's. */
export function toLookupRequest(request: VerificationRequest, context: LookupContext): CitizenLookupRequest {
  const fullDate = request.dateOfBirth.length === 10;
  return {
    HoVaTen: request.fullName,
    SoDinhDanh: request.personalId,
    SoCMND: request.legacyId,
    NgayThangNam: fullDate ? request.dateOfBirth.replaceAll('-', '') : undefined,
    Nam: fullDate ? undefined : request.dateOfBirth,
    MaTichHop: context.integrationCode,
    MaDVC: context.serviceCode,
    MaCanBo: request.officerId,
    MaYeuCau: `${request.purpose.code}:${context.requestId}`,
  };
}

/*
 * A real XML parser: namespace prefixes dropped (soap:Envelope → Envelope), every value kept as
 * text so ID numbers keep their leading zeros, no attribute parsing (the record has none we use).
 */
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  // Numeric character references (&#7877; for ễ) are how some relays escape Vietnamese.
  htmlEntities: true,
  isArray: (name) => name === 'CongDan',
});

/**
 * The SOAP envelope of the answer → the facts of the record kept under the requested ID, or
 * undefined when the collection is empty. Throws on XML that is not the expected envelope.
 */
export function parseCitizenRecord(xml: string, wanted: { personalId?: string; legacyId?: string }): CitizenFacts | undefined {
  const document = parser.parse(xml, true) as Record<string, any>;
  const body = document?.Envelope?.Body;
  if (body === undefined) throw new Error('the answer is not a SOAP envelope with a Body');
  const collection = body.CongdanCollection;
  const records: unknown[] = collection && typeof collection === 'object' ? (collection.CongDan ?? []) : [];
  const parsed = records.map((record) => CongDan.parse(record));
  const match = parsed.find((r) => (wanted.personalId ? r.SoDinhDanh === wanted.personalId : r.SoCMND === wanted.legacyId)) ?? parsed[0];
  if (!match) return undefined;
  const birthDate = match.NgayThangNamSinh.NgayThangNam;
  const year = match.NgayThangNamSinh.Nam ?? birthDate?.slice(0, 4);
  return {
    personalId: match.SoDinhDanh,
    legacyId: match.SoCMND,
    fullName: [match.HoVaTen.Ho, match.HoVaTen.ChuDem, match.HoVaTen.Ten].filter(Boolean).join(' '),
    sex: match.GioiTinh === populationSexCodes.male ? 'male' : match.GioiTinh === populationSexCodes.female ? 'female' : undefined,
    birth: {
      year: year ? Number(year) : undefined,
      month: birthDate?.length === 8 ? Number(birthDate.slice(4, 6)) : undefined,
      day: birthDate?.length === 8 ? Number(birthDate.slice(6, 8)) : undefined,
    },
  };
}
