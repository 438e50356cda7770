/**
 * The order of review rounds in the registry (M11.4, M11.5): after two failed reviews of the same
 * materials a third is refused and nothing is written; a fresh start with re-prepared materials opens.
 */
import type { DataSource } from 'typeorm';
import { openDataSource, signedIn, submittedProject, testApp } from '../../shared/testing';
import { Role } from '../../users';
import { ReviewRoundEntity } from '../data-access/review.entities';
import { decideReviewRound, openReviewRound, ReviewKind } from './reviews';

describe('review rounds in the registry', () => {
  let ds: DataSource;
  let code: string;
  const now = new Date('2027-03-01T02:00:00Z');
  const open = (roundNo: number, kind: ReviewKind) =>
    openReviewRound(ds, { projectCode: code, roundNo, ruleSet: 'M', kind, receivedAt: now, now });
  const fail = (roundNo: number, kind: ReviewKind) =>
    decideReviewRound(ds, {
      projectCode: code,
      roundNo,
      kind,
      decision: { passed: false, opinion: '评审未通过的书面意见' },
      author: 'eib-reviewer',
      now,
    });
  const rounds = () => ds.getRepository(ReviewRoundEntity).find({ where: { projectCode: code } });

  beforeAll(async () => {
    ds = await openDataSource();
    const auth = await signedIn(ds, 'rounds-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    code = await submittedProject(testApp(ds), auth, { title: '评审轮次测试项目' });
  });
  afterAll(() => ds.destroy());

  it('refuses a third review of materials that failed twice (M11.5), and opens a fresh first review', async () => {
    // given a first and a second review of the same materials, both failed
    await open(1, ReviewKind.First);
    await fail(1, ReviewKind.First);
    await open(2, ReviewKind.Second);
    await fail(2, ReviewKind.Second);

    // when a third review of those materials is asked for, then it is refused with what to do
    await expect(open(3, ReviewKind.Second)).rejects.toThrow(/不得进行第三轮评审.*重新编制评审材料.*M11\.5/);
    // and nothing was written
    expect((await rounds()).map((r) => r.roundNo)).toEqual([1, 2]);

    // when the re-prepared materials come back, the review starts over (positive control)
    const fresh = await open(3, ReviewKind.First);
    expect(fresh).toMatchObject({ roundNo: 3, outcome: 'pending' });
    // and a redelivered job finds the round it opened, even with the other kind
    await expect(open(3, ReviewKind.Second)).resolves.toMatchObject({ id: fresh.id });
  });
});
