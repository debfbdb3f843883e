import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpsCommandGroup } from './command';
import { UsageError } from './target';

/**
 * `npm run ops -- insight …`: the shadow scorecard through the gateway's /v1/insight routes, with
 * the twin's URL and demo key from twin.json, or `--url` and `--key` (a key with insight:read).
 */

function endpoint(values: Record<string, unknown>): { url: string; key: string } {
  if (typeof values.url === 'string' && typeof values.key === 'string') return { url: values.url, key: values.key };
  const dataDir = path.resolve((values['data-dir'] as string | undefined) ?? process.env.LIENTHONG_DATA_DIR ?? '.lienthong');
  try {
    const twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8')) as { gatewayUrl: string; apiKey: string };
    return { url: twin.gatewayUrl, key: twin.apiKey };
  } catch {
    throw new UsageError('no running twin found: start it with npm start, or pass --url and --key');
  }
}

async function get(values: Record<string, unknown>, pathAndQuery: string): Promise<{ status: number; body: unknown; text: string }> {
  const { url, key } = endpoint(values);
  const response = await fetch(`${url}${pathAndQuery}`, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  const body = (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new UsageError(`GET ${pathAndQuery} → ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, body, text };
}

const common = { url: { type: 'string' }, key: { type: 'string' }, period: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } } as const;
const q = (params: Record<string, unknown>) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => typeof v === 'string') as [string, string][]);
  return search.size > 0 ? `?${search}` : '';
};

export const insightCommands: OpsCommandGroup = {
  summary: 'the shadow Decision 766 scorecard: units, one scorecard, dossiers at risk, reconciliation',
  commands: {
    units: {
      usage: 'insight units [--period YYYY-MM|YYYY-Qn|YYYY] [--csv|--json]',
      summary: 'every unit with its score and group scores, lowest first',
      offline: true,
      options: common,
      run: async ({ values, out }) => {
        const { body, text } = await get(values, `/v1/insight/units${q({ period: values.period, format: values.csv ? 'csv' : undefined })}`);
        if (values.csv) return out(text.trimEnd()), 0;
        if (values.json) return out(JSON.stringify(body, null, 2)), 0;
        const table = body as { period: string; units: { unitKey: string; unitName: string | null; score: number; visiblePoints: number; groups: Record<string, number> }[] };
        out(`period ${table.period}: ${table.units.length} units (score out of the points the gateway can see)`);
        for (const u of table.units) {
          out(`  ${u.unitKey.padEnd(16)} ${String(u.score).padStart(6)} / ${u.visiblePoints}  ${Object.entries(u.groups).map(([g, s]) => `${g} ${s}`).join('  ')}  ${u.unitName ?? ''}`);
        }
        return 0;
      },
    },
    scorecard: {
      usage: 'insight scorecard [--unit CODE | --procedure CODE] [--period P] [--json]',
      summary: 'one scorecard, indicator by indicator; "national only" where the gateway cannot see',
      offline: true,
      options: { ...common, unit: { type: 'string' }, procedure: { type: 'string' } },
      run: async ({ values, out }) => {
        const { body } = await get(values, `/v1/insight/scorecard${q({ period: values.period, unit: values.unit, procedure: values.procedure })}`);
        if (values.json) return out(JSON.stringify(body, null, 2)), 0;
        const card = body as {
          score: number;
          visiblePoints: number;
          nationalOnlyPoints: number;
          period: { label: string };
          groups: { name: string; score: number; visiblePoints: number; indicators: { id: string; name: string; score: number | null; points: number; ratio: number | null; nationalOnlyPart?: string }[] }[];
          publication?: { status: string; frozenMonths: { month: string; frozenAt: string }[]; adjustments: { score: number; dossiers: string[] } };
        };
        out(`${card.period.label}: ${card.score} of ${card.visiblePoints} visible points (${card.nationalOnlyPoints} national only)`);
        const pub = card.publication;
        if (pub && pub.status !== 'live') {
          out(`  ${pub.status}: ${pub.frozenMonths.map((f) => `${f.month} published ${f.frozenAt}`).join(', ')}; late corrections since: ${pub.adjustments.score >= 0 ? '+' : ''}${pub.adjustments.score} pts (${pub.adjustments.dossiers.length} dossiers)`);
        }
        for (const g of card.groups) {
          out(`  ${g.name}: ${g.score} / ${g.visiblePoints}`);
          for (const i of g.indicators) {
            const figure = i.score === null ? 'national only' : `${i.score} / ${i.points}${i.ratio === null ? '' : `  (${(i.ratio * 100).toFixed(1)} %)`}`;
            out(`    ${i.id} ${i.name.padEnd(40)} ${figure}${i.score !== null && i.nationalOnlyPart ? `  [national only: ${i.nationalOnlyPart}]` : ''}`);
          }
        }
        return 0;
      },
    },
    reconciliation: {
      usage: 'insight reconciliation [--period YYYY-MM] [--unit CODE] [--json]',
      summary: "the shadow score against the portal's published one, per unit and indicator, with the dossiers that explain each difference",
      offline: true,
      options: { ...common, unit: { type: 'string' } },
      run: async ({ values, out }) => {
        const { body } = await get(values, `/v1/insight/reconciliation${q({ period: values.period })}`);
        if (values.json) return out(JSON.stringify(body, null, 2)), 0;
        const answer = body as {
          period: string;
          pulledAt: string | null;
          units: {
            unitKey: string | null;
            unitName: string;
            scoreDifference?: number;
            explanations: string[];
            indicators?: { id: string; name: string; difference: { numerator: number; denominator: number; score: number } | null; explanations: string[]; dossiers: string[] }[];
          }[];
        };
        out(`period ${answer.period}: official figures ${answer.pulledAt ? `pulled ${answer.pulledAt}` : 'not pulled yet'} (differences are official − shadow)`);
        for (const u of answer.units.filter((x) => values.unit === undefined || x.unitKey === values.unit)) {
          out(`  ${(u.unitKey ?? '(portal only)').padEnd(16)} ${String(u.scoreDifference ?? 0).padStart(7)} pts  ${u.unitName}`);
          for (const e of u.explanations) out(`      ${e}`);
          for (const i of u.indicators ?? []) {
            if (!i.difference || (i.difference.score === 0 && i.difference.numerator === 0 && i.difference.denominator === 0)) continue;
            out(`    ${i.id} ${i.name.padEnd(40)} ${i.difference.score >= 0 ? '+' : ''}${i.difference.score} pts (numerator ${i.difference.numerator}, denominator ${i.difference.denominator})`);
            for (const e of i.explanations) out(`        ${e}`);
            if (i.dossiers.length > 0) out(`        dossiers: ${i.dossiers.join(', ')}`);
          }
        }
        return 0;
      },
    },
    'at-risk': {
      usage: 'insight at-risk --unit CODE [--period P] [--csv|--json]',
      summary: "the unit's dossiers that cost or will cost points, and why, most points first",
      offline: true,
      options: { ...common, unit: { type: 'string' } },
      run: async ({ values, out }) => {
        if (typeof values.unit !== 'string') throw new UsageError('--unit is required');
        const { body, text } = await get(values, `/v1/insight/units/${encodeURIComponent(values.unit)}/at-risk${q({ period: values.period, format: values.csv ? 'csv' : undefined })}`);
        if (values.csv) return out(text.trimEnd()), 0;
        if (values.json) return out(JSON.stringify(body, null, 2)), 0;
        const list = body as { score: number; dossiers: { dossierCode: string; pointsAtStake: number; kind: string; dueAt: string | null; reasons: { reason: string }[] }[] };
        out(`${values.unit}: score ${list.score}, ${list.dossiers.length} dossiers at risk`);
        for (const d of list.dossiers) out(`  ${d.dossierCode.padEnd(26)} ${d.pointsAtStake.toFixed(3).padStart(7)} pts  ${d.kind.padEnd(8)} ${d.reasons.map((r) => r.reason).join(', ')}`);
        return 0;
      },
    },
  },
};
