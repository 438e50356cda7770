/**
 * Every schema of the API that takes a date or a text people read refuses impossible dates and
 * invisible text, through the helpers of this folder (a field that bypasses them fails here).
 */
import type { z } from 'zod';
import { yearScheduleSchema } from '../../calendar/domain/schedule';
import { saveVersionSchema, modelInputSchema } from '../../modeler/domain/schemas';
import { proposalSchema } from '../../projects';
import { dishonestListingSchema, unitAssignmentSchema } from '../../units/domain/units';

const ZWSP = '\u200B';

const proposal = { title: '政务云平台扩容', budgetEstimate: '1000.00', category: 'network' };
const listing = {
  creditCode: '91350100M000100Y43',
  name: '某某科技有限公司',
  reason: '在本市项目中提供虚假材料，依规列入',
  listedFrom: '2026-01-01',
};
const schedule = {
  status: 'official',
  source: '国办发明电〔2026〕1号',
  days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
};
const model = { fileName: 'a.bpmn', content: '<x/>', comment: '初稿' };

/** [schema, a valid body, the path of the field, the field's new value] */
const cases: [string, z.ZodType, object, (string | number)[], unknown][] = [
  ['proposal title of 4 zero-width spaces', proposalSchema, proposal, ['title'], ZWSP.repeat(4)],
  ['proposal title with an RTL override', proposalSchema, proposal, ['title'], '政务云\u202E平台扩容'],
  [
    'quota override reason of 10 zero-width spaces (M7.5)',
    proposalSchema,
    { ...proposal, quotaOverrideReason: '应急指挥需要，本年第三个项目' },
    ['quotaOverrideReason'],
    ZWSP.repeat(10),
  ],
  ['dishonest entity name of zero-width spaces', dishonestListingSchema, listing, ['name'], ZWSP.repeat(4)],
  [
    'dishonest listing reason with control characters',
    dishonestListingSchema,
    listing,
    ['reason'],
    '提供虚假材料\u0007\u0007\u0007\u0007\u0007\u0007',
  ],
  ['dishonest listing from 30 February', dishonestListingSchema, listing, ['listedFrom'], '2025-02-30'],
  ['dishonest listing from a zero date', dishonestListingSchema, listing, ['listedFrom'], '2020-00-00'],
  [
    'dishonest listing until 31 April',
    dishonestListingSchema,
    { ...listing, listedUntil: '2027-01-01' },
    ['listedUntil'],
    '2027-04-31',
  ],
  [
    'unit name of ideographic spaces',
    unitAssignmentSchema,
    { creditCode: listing.creditCode, name: '某某公司' },
    ['name'],
    '\u3000\u3000\u3000',
  ],
  ['holiday name of a zero-width space', yearScheduleSchema, schedule, ['days', 0, 'name'], ZWSP],
  ['holiday on 30 February', yearScheduleSchema, schedule, ['days', 0, 'date'], '2027-02-30'],
  ['schedule source with a bidi isolate', yearScheduleSchema, schedule, ['source'], '国办\u2067发明电'],
  ['version comment of zero-width spaces', saveVersionSchema, model, ['comment'], ZWSP.repeat(3)],
  ['deployment comment with an RTL override', modelInputSchema, model, ['comment'], '部署\u202E说明'],
];

const withField = (body: object, at: (string | number)[], value: unknown): object => {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at.at(-1)!] = value;
  return copy;
};

describe.each(cases)('%s', (_what, schema, valid, at, value) => {
  it('is accepted with a valid value (positive control) and refused with this one, naming the field', () => {
    expect(schema.safeParse(valid).success).toBe(true);
    const result = schema.safeParse(withField(valid, at, value));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(at.join('.'));
  });
});
