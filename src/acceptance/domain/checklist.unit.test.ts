import { omFundingApplicationDeadline } from '../../calendar';
import { checklistProblems, missingDocumentProblems, omFreeUntil, type Checklist } from './checklist';

const allCompliant = (): Checklist => ({
  dataSharing: { compliant: true, note: null },
  networkSecurity: { compliant: true, note: null },
  cryptography: { compliant: true, note: null },
  secureControllable: { compliant: true, note: null },
  archives: { compliant: true, note: null },
});

describe('omFreeUntil (M20: no special O&M funds for 3 years after final acceptance)', () => {
  it.each([
    ['2026-12-01', '2029-12-01'],
    ['2026-01-01', '2029-01-01'],
    ['2026-12-31', '2029-12-31'],
    // a leap day has no anniversary: the period ends on 28 February
    ['2028-02-29', '2031-02-28'],
    ['2027-02-28', '2030-02-28'],
  ])('given final acceptance on %s, then the free period ends on %s', (accepted, until) => {
    expect(omFreeUntil(accepted)).toBe(until);
  });

  it("given final acceptance, then M27's funding application is due on 31 August of the year before the period ends", () => {
    expect(omFundingApplicationDeadline(omFreeUntil('2026-12-01'))).toBe('2028-08-31');
  });
});

describe('checklistProblems (M19, M23, M25, M26)', () => {
  it('given every item compliant, then there is no problem', () => {
    expect(checklistProblems(allCompliant())).toEqual([]);
  });

  it('given a failed cryptography item with its note, then the one problem names M25 and the note', () => {
    const checklist = {
      ...allCompliant(),
      cryptography: { compliant: false, note: '未开展密码应用安全性评估' },
    };
    expect(checklistProblems(checklist)).toEqual(['密码应用不符合要求（M25）：未开展密码应用安全性评估']);
  });

  it('given items failed without a note or left unanswered, then each is a problem with its rule', () => {
    const checklist: Checklist = {
      ...allCompliant(),
      dataSharing: { compliant: false, note: '  ' },
      secureControllable: { compliant: null, note: null },
      archives: { compliant: false, note: '电子档案未移交' },
    };
    expect(checklistProblems(checklist)).toEqual([
      '数据共享不符合要求（M19）：未填写说明',
      '网络设备、安全设备、服务器、存储设备安全自主可控未经确认（M26）',
      '项目档案（含电子档案）整理归档不符合要求（M19）：电子档案未移交',
    ]);
  });
});

describe('missingDocumentProblems', () => {
  it('given all three documents, then nothing is missing', () => {
    expect(
      missingDocumentProblems(
        new Set(['acceptance-report', 'security-assessment', 'cryptography-assessment', 'other']),
      ),
    ).toEqual([]);
  });

  it('given only the acceptance report, then the two assessments are missing, each with its rule and type', () => {
    expect(missingDocumentProblems(new Set(['acceptance-report']))).toEqual([
      '缺少网络和数据安全检测与风险评估报告（M23），请先上传（类型 security-assessment）',
      '缺少密码应用安全性评估报告（M25），请先上传（类型 cryptography-assessment）',
    ]);
  });
});
