import type { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar';
import { runOnce } from '../runtime/testing';
import { projectRecordDecisionWorker } from '.';

// nothing may be written for a refused decision: a database that is not there proves it
const deps = { dataSource: {} as DataSource, calendar: {} as CalendarService, now: () => new Date() };
/** Runs the worker on one job and returns the one broker call it made. */
const run = (variables: object, headers: Record<string, string>) =>
  runOnce(projectRecordDecisionWorker, variables, deps, {
    bpmnProcessId: 'urgent-project',
    elementId: 'record-eib-filing',
    headers,
  });

describe('project.record-decision', () => {
  it('fails at once (an incident) naming the missing reason, before recording anything', async () => {
    await expect(
      run({ projectCode: 'LS-2026-0001', filingReference: '' }, { decision: 'urgent-filing' }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('filingReference') },
    });
    await expect(
      run({ projectCode: 'LS-2026-0001', quotaOverridden: true }, { decision: 'quota-override' }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('quotaDecisionReason') },
    });
  });

  it('fails at once naming a missing opinion of the sessions (M7.3, M4.2, M7.1)', async () => {
    // given a pre-review, a pass of the CAC and Finance's budget each without what it needs
    // when the worker runs; then the job fails without retries, naming the variable
    await expect(
      run({ projectCode: 'LS-2026-0001', eibPassed: true, eibOpinion: ' ' }, { decision: 'eib-pre-review' }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('eibOpinion') },
    });
    await expect(
      run(
        { projectCode: 'LS-2026-0001', cacPassed: true, cacRisks: '无', cacOpinion: '同意' },
        { decision: 'cac-security-pre-review' },
      ),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('cacSecurityShare') },
    });
    await expect(run({ projectCode: 'LS-2026-0001' }, { decision: 'plan-budget' })).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('budgetOpinion') },
    });
  });

  it('fails naming the variable when it is malformed or missing', async () => {
    await expect(run({ quotaOverridden: true }, { decision: 'quota-override' })).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('projectCode') },
    });
    await expect(
      run({ projectCode: 'LS-2026-0001', cityGovApproved: 'yes' }, { decision: 'city-gov-approval' }),
    ).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('cityGovApproved') },
    });
  });

  it('fails naming the header when the task names no known decision', async () => {
    await expect(run({ projectCode: 'LS-2026-0001' }, {})).resolves.toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('task header decision') },
    });
  });
});
