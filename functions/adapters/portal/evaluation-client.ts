import * as z from '../../../contracts/zod-mini';
import { EvaluationAnswer, EvaluationRow, type EvaluationKind, type EvaluationRequest } from '../../../contracts/portal/evaluation';
import { portalConfig } from './portal-config';

/**
 * Pulls the portal's published scores (reconciliation only; reverse-engineered shapes in
 * contracts/portal/evaluation). Pages through the rows; a malformed answer throws with the reason.
 */
export async function fetchEvaluationRows(kind: EvaluationKind, request: Omit<EvaluationRequest, 'currentPage' | 'pageSize'>): Promise<EvaluationRow[]> {
  const { baseUrl, timeoutMs } = portalConfig();
  const rows: EvaluationRow[] = [];
  for (let page = 1; page <= 100; page++) {
    const response = await fetch(`${baseUrl}/api/v1/reporting/evaluation/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, currentPage: page, pageSize: 500 }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 201 && response.status !== 200) throw new Error(`evaluation ${kind} answered HTTP ${response.status}`);
    const answer = z.parse(EvaluationAnswer, await response.json());
    const pageRows = answer.data.rows.map((row) => z.parse(EvaluationRow, row) as EvaluationRow);
    rows.push(...pageRows);
    if (pageRows.length < 500 || rows.length >= (answer.data.total ?? Infinity)) break;
  }
  return rows;
}
