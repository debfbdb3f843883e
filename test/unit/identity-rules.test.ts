import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VerificationRequest } from '../../contracts/api/verification';
import { compareCitizen } from '../../functions/core/identity/citizen-match';
import { normaliseName, sameName } from '../../functions/core/identity/name-match';
import { keyedHash, maskIdentifier } from '../../functions/core/identity/personal-data';
import { centuryAndSex, parseBirthDate, personalIdInconsistencies } from '../../functions/core/identity/personal-id';
import { parseCitizenRecord } from '../../functions/translate/population-db';

const today = new Date('2026-11-22T00:00:00Z');

describe('personal ID consistency', () => {
  it('reads the century and sex digit', () => {
    expect(centuryAndSex(0)).toEqual({ century: 1900, sex: 'male' });
    expect(centuryAndSex(3)).toEqual({ century: 2000, sex: 'female' });
    expect(centuryAndSex(9)).toEqual({ century: 2300, sex: 'female' });
  });

  it('accepts an ID that agrees with the date of birth and sex', () => {
    expect(personalIdInconsistencies('079090012345', { year: 1990 }, 'male')).toEqual([]);
    expect(personalIdInconsistencies('079190012345', { year: 1990 }, 'female')).toEqual([]);
    expect(personalIdInconsistencies('001305123456', { year: 2005, month: 1, day: 2 }, 'female')).toEqual([]);
  });

  it('names an unknown province, a wrong century, a wrong year and a wrong sex', () => {
    expect(personalIdInconsistencies('003190012345', { year: 1990 }, undefined)[0]).toMatchObject({ path: '/personalId', message: expect.stringContaining('003') });
    expect(personalIdInconsistencies('079290012345', { year: 1990 }, undefined)[0]).toMatchObject({ path: '/dateOfBirth', message: expect.stringContaining('2090') });
    expect(personalIdInconsistencies('079191012345', { year: 1990 }, undefined)[0]?.message).toContain('1991');
    expect(personalIdInconsistencies('079190012345', { year: 1990 }, 'male')[0]).toMatchObject({ path: '/sex', message: expect.stringContaining('says female') });
  });

  it('holds for every structurally valid ID: the birth year and sex it encodes are consistent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), fc.boolean(), fc.integer({ min: 0, max: 999_999 }), (year, female, serial) => {
        const digit = (Math.floor(year / 100) - 19) * 2 + (female ? 1 : 0);
        const id = `079${digit}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
        expect(personalIdInconsistencies(id, { year }, female ? 'female' : 'male')).toEqual([]);
        expect(personalIdInconsistencies(id, { year: year + 1 }, undefined)).toHaveLength(1);
      }),
    );
  });

  it('refuses dates that are not real past dates', () => {
    expect(parseBirthDate('2026-02-30', today)).toBe('2026-02-30 is not a calendar date');
    expect(parseBirthDate('2030-01-01', today)).toBe('the date of birth is in the future');
    expect(parseBirthDate('2027', today)).toBe('the birth year is in the future');
    expect(parseBirthDate('1990', today)).toEqual({ year: 1990 });
  });

  it('requires exactly one of personalId and legacyId', () => {
    const base = { fullName: 'A', dateOfBirth: '1990', purpose: { code: 'X', text: 'x' }, officerId: 'o' };
    expect(VerificationRequest.safeParse(base).success).toBe(false);
    expect(VerificationRequest.safeParse({ ...base, personalId: '079190012345', legacyId: '123456789' }).success).toBe(false);
    expect(VerificationRequest.safeParse({ ...base, legacyId: '123456789' }).success).toBe(true);
    expect(VerificationRequest.safeParse({ ...base, personalId: '07919001234a' }).success).toBe(false);
  });
});

describe('name comparison', () => {
  it('ignores case, spacing and Unicode composition, but not diacritics', () => {
    expect(sameName('NGUYỄN  văn   an', 'Nguyễn Văn An')).toBe(true);
    expect(sameName('Nguye\u0302\u0303n Văn An', 'Nguyễn Văn An')).toBe(true);
    expect(sameName('Đặng Thị Hà', 'đặng thị hà')).toBe(true);
    expect(sameName('Nguyen Van An', 'Nguyễn Văn An')).toBe(false);
    expect(sameName('Nguyễn Văn Ân', 'Nguyễn Văn An')).toBe(false);
    expect(normaliseName(' Lê\tVăn  Tám ')).toBe('lê văn tám');
  });
});

describe('compareCitizen', () => {
  const request = VerificationRequest.parse({
    personalId: '079090012345',
    fullName: 'Lê Văn Tám',
    dateOfBirth: '1990-05-17',
    sex: 'male',
    purpose: { code: 'HT', text: 'x' },
    officerId: 'o',
  });
  const record = { personalId: '079090012345', fullName: 'Lê Văn Tám', sex: 'male' as const, birth: { year: 1990, month: 5, day: 17 } };

  it('matches when every given field matches', () => {
    expect(compareCitizen(request, { year: 1990, month: 5, day: 17 }, record)).toEqual({
      verdict: 'MATCH',
      checks: { personalId: 'match', fullName: 'match', dateOfBirth: 'match', sex: 'match' },
    });
  });

  it('reports each mismatching field', () => {
    const result = compareCitizen(request, { year: 1990, month: 5, day: 18 }, { ...record, fullName: 'Lê Văn Tam' });
    expect(result.verdict).toBe('MISMATCH');
    expect(result.checks).toMatchObject({ fullName: 'mismatch', dateOfBirth: 'mismatch', personalId: 'match' });
  });

  it('compares by year when either side knows only the year', () => {
    expect(compareCitizen(request, { year: 1990 }, record).checks.dateOfBirth).toBe('match');
    expect(compareCitizen(request, { year: 1990, month: 1, day: 1 }, { ...record, birth: { year: 1990 } }).checks.dateOfBirth).toBe('match');
  });

  it('says NOT_FOUND, checking nothing, when there is no record', () => {
    expect(compareCitizen(request, { year: 1990 }, undefined).verdict).toBe('NOT_FOUND');
  });
});

describe('the SOAP answer', () => {
  const xml = (inner: string) =>
    `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><n:CongdanCollection xmlns:n="urn:x">${inner}</n:CongdanCollection></s:Body></s:Envelope>`;

  it('reads the record with namespaces, keeps leading zeros and decodes character references', () => {
    const record = parseCitizenRecord(
      xml(
        '<CongDan><SoDinhDanh>001305000001</SoDinhDanh><HoVaTen><Ho>Nguy&#7877;n</Ho><ChuDem>Thị</ChuDem><Ten>Hà</Ten></HoVaTen><GioiTinh>2</GioiTinh><NgayThangNamSinh><Nam>2005</Nam><NgayThangNam>20050102</NgayThangNam></NgayThangNamSinh><ThuongTru><ChiTiet>12 Lê Lợi</ChiTiet></ThuongTru></CongDan>',
      ),
      { personalId: '001305000001' },
    );
    expect(record).toEqual({ personalId: '001305000001', legacyId: undefined, fullName: 'Nguyễn Thị Hà', sex: 'female', birth: { year: 2005, month: 1, day: 2 } });
  });

  it('reads an empty collection as no record, and rejects what is not an envelope', () => {
    expect(parseCitizenRecord(xml(''), { personalId: '001305000001' })).toBeUndefined();
    expect(() => parseCitizenRecord('<html>gateway error</html>', { personalId: '1' })).toThrow();
  });
});

describe('personal data in the ledger', () => {
  it('masks all but the province and the last three digits', () => {
    expect(maskIdentifier('079190012345')).toBe('079******345');
    expect(maskIdentifier('123456789')).toBe('123***789');
  });

  it('hashes with a key: the same ID correlates, another key does not', () => {
    expect(keyedHash('k1', '079190012345')).toBe(keyedHash('k1', '079190012345'));
    expect(keyedHash('k1', '079190012345')).not.toBe(keyedHash('k2', '079190012345'));
    expect(keyedHash('k1', '079190012345')).not.toContain('079190012345');
  });
});
