import { provinceCodes } from '../../../../contracts/identity/provinces';
import { seededRandom } from '../fault-knobs';

/** A synthetic citizen of the simulated population database. Nobody real. */
export interface SyntheticCitizen {
  readonly personalId: string;
  readonly legacyId?: string;
  readonly family: string;
  readonly middle: string;
  readonly given: string;
  readonly sex: 'male' | 'female';
  /** yyyyMMdd, or only the year for the few whose exact date was never registered. */
  readonly birthDate?: string;
  readonly birthYear: number;
  readonly provinceCode: string;
}

const families = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đinh', 'Lâm', 'Mai'];
const middles = { male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Gia', 'Công', 'Đình', 'Xuân'], female: ['Thị', 'Ngọc', 'Thu', 'Minh', 'Thanh', 'Hoài', 'Bảo', 'Kim', 'Phương', 'Mỹ'] };
const givens = {
  male: ['An', 'Bình', 'Dũng', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tuấn', 'Đạt', 'Hiếu', 'Tú', 'Thắng', 'Khoa', 'Lộc', 'Trí', 'Vĩnh', 'Nghĩa'],
  female: ['Châu', 'Hà', 'Hạnh', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Quỳnh', 'Tâm', 'Thảo', 'Trang', 'Vy', 'Yến', 'Ánh', 'Nhung', 'Hằng', 'Diệp', 'Uyên', 'Trâm'],
};

/**
 * Generates the population deterministically from a seed: the same 1,000 citizens every run, with
 * structurally valid 12-digit IDs (province, century/sex digit, year) from every province and
 * births from 1935 to 2025 — across the 1900s and 2000s century digits — and a legacy 9-digit
 * ID for those old enough to have had one.
 */
export function generatePopulation(size = 1000, seed = 79): SyntheticCitizen[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const provinces = Object.keys(provinceCodes);
  const used = new Set<string>();
  const citizens: SyntheticCitizen[] = [];
  while (citizens.length < size) {
    const sex = random() < 0.5 ? 'male' : 'female';
    const birthYear = 1935 + Math.floor(random() * 91);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const provinceCode = citizens.length % 4 === 0 ? '079' : pick(provinces); // a city's population skews local
    const centuryDigit = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
    const personalId = `${provinceCode}${centuryDigit}${String(birthYear % 100).padStart(2, '0')}${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
    if (used.has(personalId)) continue;
    used.add(personalId);
    const onlyYearKnown = random() < 0.05;
    citizens.push({
      personalId,
      legacyId: birthYear < 2005 && random() < 0.5 ? String(100_000_000 + Math.floor(random() * 899_999_999)) : undefined,
      family: pick(families),
      middle: pick(middles[sex]),
      given: pick(givens[sex]),
      sex,
      birthYear,
      birthDate: onlyYearKnown ? undefined : `${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`,
      provinceCode,
    });
  }
  return citizens;
}

export const fullNameOf = (c: SyntheticCitizen) => `${c.family} ${c.middle} ${c.given}`;
export const dateOfBirthOf = (c: SyntheticCitizen) =>
  c.birthDate ? `${c.birthDate.slice(0, 4)}-${c.birthDate.slice(4, 6)}-${c.birthDate.slice(6, 8)}` : String(c.birthYear);
