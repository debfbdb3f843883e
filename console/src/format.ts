import { language } from './i18n';

export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(language.value === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' }) : '–';

export const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`);

export const age = (seconds: number | null) =>
  seconds === null ? '–' : seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

/** Scorecard points: two decimals at most, in the reader's language (62,35 in Vietnamese). */
export const points = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : n.toLocaleString(language.value === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
