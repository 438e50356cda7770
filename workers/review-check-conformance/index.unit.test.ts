import type { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar';
import { runOnce } from '../runtime/testing';
import { reviewCheckConformanceWorker } from '.';

const allConform = {
  conformanceT11: 'yes',
  conformanceT12: 'yes',
  conformanceT13: 'yes',
  conformanceT14: 'yes',
  conformanceT15: 'yes',
  conformanceT16: 'yes',
};
const decision = { projectCode: 'LS-2026-0001', reviewRoundNo: 1, reviewOpinion: '符合2020年版办法要求' };

// nothing may be written for a refused checklist: a database that is not there proves it
const deps = { dataSource: {} as DataSource, calendar: {} as CalendarService, now: () => new Date() };
/** Runs the worker on one job and returns the one broker call it made. */
const run = (variables: object) =>
  runOnce(reviewCheckConformanceWorker, variables, deps, {
    bpmnProcessId: 'technical-review-2020',
    elementId: 'check-conformance',
  });

describe('review.check-conformance (T11–T16)', () => {
  it('fails at once naming every unanswered checklist item', async () => {
    await expect(
      run({
        ...decision,
        reviewPassed: false,
        ...allConform,
        conformanceT12: null,
        conformanceT15: undefined,
      }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: {
        retries: 0,
        errorMessage: expect.stringMatching(/conformanceT12, conformanceT15 must be answered yes or no/),
      },
    });
  });

  it('refuses a pass while an item does not conform (T14), naming the rules', async () => {
    await expect(
      run({ ...decision, reviewPassed: true, ...allConform, conformanceT14: 'no', conformanceT16: 'no' }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: {
        retries: 0,
        errorMessage: expect.stringMatching(/reviewPassed cannot be true while T14, T16 do not conform/),
      },
    });
  });

  it('refuses a decision without its written opinion before looking at the checklist', async () => {
    await expect(
      run({ ...decision, reviewOpinion: ' ', reviewPassed: true, ...allConform }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringMatching(/reviewOpinion is required/) },
    });
  });

  it('refuses an answer that is neither yes nor no, naming the variable', async () => {
    await expect(
      run({ ...decision, reviewPassed: false, ...allConform, conformanceT13: true }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('conformanceT13') },
    });
  });
});
