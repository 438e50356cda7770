import { findings } from './fixtures/lint-fixture';

describe('lint rule egov/job-type-implemented', () => {
  it('accepts a service task whose job type a worker implements', async () => {
    // given a task of type deadline.compute, when linted, then nothing is found
    expect(await findings('job-type-implemented.valid', 'egov/job-type-implemented')).toEqual([]);
  });

  it('reports an unknown job type and one that is an expression, as errors', async () => {
    // given tasks of type fax.send and =jobType, when linted
    const found = await findings('job-type-implemented.invalid', 'egov/job-type-implemented');
    // then each is an error naming the type
    expect(found).toEqual([
      {
        elementId: 'send-fax',
        category: 'error',
        message: 'Job type <fax.send> is not implemented by any worker',
      },
      {
        elementId: 'dynamic-type',
        category: 'error',
        message: 'Job type is an expression <=jobType>: no worker can be checked',
      },
    ]);
  });
});
