import * as fc from 'fast-check';
import type { DossierSnapshot } from '../../contracts/api/dossier';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { fullDossier } from './full-dossier';

/** fast-check generators of valid canonical dossiers, shared by the translation properties. */

const vietnameseLetters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ '];
const vietnameseText = (max: number) =>
  fc
    .array(fc.constantFrom(...vietnameseLetters), { minLength: 1, maxLength: max })
    .map((chars) => chars.join('').trim() || 'a')
    // Half the time decomposed, as some keyboards type it; the contract must normalise.
    .chain((s) => fc.constantFrom(s, s.normalize('NFD')));

const offsets = ['+07:00', 'Z', '-05:00', '+09:30'];
/** Whole-second instants between 2000 and 2040, written with one of several offsets. */
export const instants = fc.tuple(fc.integer({ min: 946_684_800, max: 2_208_988_800 }), fc.constantFrom(...offsets)).map(([seconds, offset]) => {
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  const wall = new Date((seconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  return `${wall}${offset}`;
});

const statuses = fc.constantFrom(...(Object.keys(defaultPortalStatusMap) as (keyof typeof defaultPortalStatusMap)[]));

const steps = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 25 })
  .chain((ids) =>
    fc.tuple(...ids.map((id) => fc.record({ name: vietnameseText(30), at: instants, status: statuses }).map((s) => ({ id: `s-${id}`, ...s })))),
  )
  .map((list) => list.map((s) => ({ id: s.id, actor: { name: s.name }, at: s.at, action: 'Xử lý', status: s.status })));

/** Valid canonical dossiers: the sample with generated text, times, statuses, lists. */
export const dossiers = fc
  .record({
    name: vietnameseText(60),
    summary: fc.oneof(vietnameseText(80), vietnameseText(1500)),
    status: statuses,
    channel: fc.constantFrom('in_person', 'online', 'postal'),
    submittedAt: instants,
    dueAt: fc.option(instants, { nil: undefined }),
    history: steps,
    amount: fc.integer({ min: 0, max: 50_000_000 }),
    flags: fc.record({ vneidVerified: fc.boolean(), paidOnline: fc.boolean(), digitised: fc.boolean() }),
  })
  .map((g): DossierSnapshot => {
    const base = fullDossier();
    return {
      ...DossierSnapshotInput.parse({
        ...base,
        applicant: { ...base.applicant, name: g.name },
        summary: g.summary,
        status: g.status,
        channel: g.channel,
        submittedAt: g.submittedAt,
        dueAt: g.dueAt,
        history: g.history,
        fees: [{ code: 'LP', name: 'Lệ phí', amount: g.amount }],
        project06: g.flags,
      }),
      dossierCode: 'H29-PROP',
    };
  });

