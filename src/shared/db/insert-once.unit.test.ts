import { isDeadlock, retryOnDeadlock } from './insert-once';

const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), {
  code: 'ER_LOCK_DEADLOCK',
});

describe('retryOnDeadlock', () => {
  it('given a transaction that is a deadlock victim twice, when run, then its third run answers', async () => {
    let runs = 0;
    const answer = await retryOnDeadlock(async () => {
      runs++;
      if (runs < 3) throw deadlock;
      return 'done';
    });
    expect(answer).toBe('done');
    expect(runs).toBe(3);
  });

  it('given a transaction that is always the victim, when run, then the deadlock is thrown after the last run', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(
        async () => {
          runs++;
          throw deadlock;
        },
        { runs: 4 },
      ),
    ).rejects.toThrow('Deadlock found');
    expect(runs).toBe(4);
  });

  it('given another failure, when run, then it is thrown at once', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs++;
        throw new Error('syntax error');
      }),
    ).rejects.toThrow('syntax error');
    expect(runs).toBe(1);
    expect(isDeadlock(new Error('syntax error'))).toBe(false);
  });
});
