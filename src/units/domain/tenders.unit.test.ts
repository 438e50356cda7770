import type { DishonestEntityRow } from '../data-access/unit.entities';
import { creditCodeProblem } from './credit-code';
import { tenderResultsProblems, type TenderResultsInput } from './tenders';

/** A valid credit code: 17 characters and the check character that fits them. */
const code = (body: string) =>
  [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].map((c) => body + c).find((c) => !creditCodeProblem(c))!;
const DESIGNER = code('91440300MA5D00001');
const CONTRACTOR = code('91440300MA5D00002');
const SUPERVISOR = code('91440300MA5D00003');

const input = (overrides: Partial<TenderResultsInput> = {}): TenderResultsInput => ({
  projectCode: 'LS-2026-0001',
  designer: { name: '某某设计院有限公司', creditCode: DESIGNER },
  contractor: { name: '某某信息工程有限公司', creditCode: CONTRACTOR },
  supervisor: { name: '某某监理有限公司', creditCode: SUPERVISOR },
  tenderReference: 'ZB-2026-0815',
  contractAmount: '3650000.00',
  contractStart: '2027-01-01',
  contractEnd: '2027-12-31',
  ...overrides,
});
const listed = (creditCode: string): DishonestEntityRow => ({
  id: '1',
  creditCode,
  name: '某某监理有限公司',
  reason: '在监理活动中弄虚作假，出具虚假报告',
  decidedByAgency: 'eib',
  listedFrom: '2026-03-01',
  listedUntil: null,
  listedBy: 'officer',
  listedAt: new Date('2026-03-01T02:00:00Z'),
});

describe('tenderResultsProblems (M12, M13, M22.2)', () => {
  it('accepts the three units with a sane contract', () => {
    expect(tenderResultsProblems(input(), [])).toEqual([]);
  });

  it('refuses a supervisor on the dishonest-entity list, with the listing and its reason (M22.2)', () => {
    expect(tenderResultsProblems(input(), [listed(SUPERVISOR)])).toEqual([
      `监理单位 某某监理有限公司（${SUPERVISOR}）自 2026-03-01 起列入失信名单，不得选用（M22.2）：在监理活动中弄虚作假，出具虚假报告`,
    ]);
  });

  it('refuses a contractor without a supervisor and a supervisor without a contractor (M13)', () => {
    const alone = tenderResultsProblems(input({ supervisor: {} }), []);
    expect(alone).toEqual(['施工单位与监理单位须同时确定：不得只录入其中一家（M13）']);
    const noContractor = input({
      contractor: {},
      tenderReference: null,
      contractAmount: null,
      contractStart: null,
      contractEnd: null,
    });
    expect(tenderResultsProblems(noContractor, [])).toEqual([
      '施工单位与监理单位须同时确定：不得只录入其中一家（M13）',
    ]);
  });

  it('accepts a designer alone (construction then waits for its supervisor), but not contract data without a contractor', () => {
    const designerOnly = {
      contractor: {},
      supervisor: {},
      tenderReference: null,
      contractAmount: null,
      contractStart: null,
      contractEnd: null,
    };
    expect(tenderResultsProblems(input(designerOnly), [])).toEqual([]);
    expect(tenderResultsProblems(input({ ...designerOnly, contractAmount: '100.00' }), [])).toEqual([
      '合同信息须与施工单位一并录入',
    ]);
    expect(tenderResultsProblems(input({ ...designerOnly, designer: {} }), [])).toEqual([
      '请至少录入一家中标单位（M12）',
    ]);
  });

  it('refuses the contractor as its own supervisor (M13)', () => {
    expect(
      tenderResultsProblems(input({ supervisor: { name: '同一公司', creditCode: CONTRACTOR } }), []),
    ).toEqual(['监理单位不得与施工单位为同一单位（M13）']);
  });

  it.each([['0.00'], ['-5.00'], ['abc'], ['1,000.00'], ['12.345']])(
    'refuses the amount %p',
    (contractAmount) => {
      expect(tenderResultsProblems(input({ contractAmount }), [])).toEqual([
        expect.stringContaining('合同金额须为大于0的金额'),
      ]);
    },
  );

  it('accepts one fen, and refuses a contract that ends on its start day or names a day that does not exist', () => {
    expect(tenderResultsProblems(input({ contractAmount: '0.01' }), [])).toEqual([]);
    expect(tenderResultsProblems(input({ contractEnd: '2027-01-01' }), [])).toEqual([
      '合同竣工日期（2027-01-01）须晚于开工日期（2027-01-01）',
    ]);
    expect(tenderResultsProblems(input({ contractEnd: '2027-01-02' }), [])).toEqual([]);
    expect(tenderResultsProblems(input({ contractStart: '2027-02-30' }), [])).toEqual([
      '合同开工日期“2027-02-30”不是有效日期（YYYY-MM-DD）',
    ]);
  });

  it('refuses a bad credit code and a unit without its name', () => {
    const bad = `${DESIGNER.slice(0, 17)}${DESIGNER[17] === '0' ? '1' : '0'}`;
    expect(tenderResultsProblems(input({ designer: { creditCode: bad } }), [])).toEqual([
      '设计单位：请填写单位名称',
      `设计单位：统一社会信用代码 ${bad} 无效（18位，末位为校验码）`,
    ]);
  });
});
