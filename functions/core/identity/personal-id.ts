import { provinceCodes } from '../../../contracts/identity/provinces';
import type { FieldError } from '../../../contracts/api/problem';

/**
 * What the 12-digit personal ID says about its holder without asking anyone (PARTNERS.md §2):
 * `PPP G YY RRRRRR` — birth-registration province, century-and-sex digit, last two digits of the
 * birth year. The gateway refuses an inconsistent request before any upstream call.
 */
export interface BirthFacts {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

/** G: 1900s male 0 / female 1, 2000s 2/3, … 2300s 8/9. */
export function centuryAndSex(digit: number): { century: number; sex: 'male' | 'female' } {
  return { century: 1900 + Math.floor(digit / 2) * 100, sex: digit % 2 === 0 ? 'male' : 'female' };
}

/** `YYYY-MM-DD` or `YYYY` → its parts, or a reason it is not a real past date. */
export function parseBirthDate(value: string, today: Date): BirthFacts | string {
  const [yearText, monthText, dayText] = value.split('-');
  const year = Number(yearText);
  if (monthText === undefined) {
    return year > today.getUTCFullYear() ? 'the birth year is in the future' : year < 1900 ? 'the birth year is before 1900' : { year };
  }
  const month = Number(monthText);
  const day = Number(dayText);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return `${value} is not a calendar date`;
  if (date.getTime() > today.getTime()) return 'the date of birth is in the future';
  if (year < 1900) return 'the date of birth is before 1900';
  return { year, month, day };
}

/** Every inconsistency between the ID number, the date of birth and the sex, as field errors. */
export function personalIdInconsistencies(personalId: string, birth: BirthFacts, sex: 'male' | 'female' | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const province = personalId.slice(0, 3);
  if (!(province in provinceCodes)) {
    errors.push({ location: 'body', path: '/personalId', message: `province code ${province} (digits 1–3) is not a known birth-registration province` });
  }
  const { century, sex: idSex } = centuryAndSex(Number(personalId[3]));
  const idYear = century + Number(personalId.slice(4, 6));
  if (idYear !== birth.year) {
    errors.push({
      location: 'body',
      path: '/dateOfBirth',
      message: `the ID number (century digit ${personalId[3]}, year digits ${personalId.slice(4, 6)}) says born in ${idYear}, not ${birth.year}`,
    });
  }
  if (sex !== undefined && sex !== idSex) {
    errors.push({ location: 'body', path: '/sex', message: `the ID number's digit 4 (${personalId[3]}) says ${idSex}, not ${sex}` });
  }
  return errors;
}
