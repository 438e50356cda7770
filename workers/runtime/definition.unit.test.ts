import { quietLog } from '../../src/shared/testing';
import type { JobContext } from './definition';
import { headerOneOf } from './definition';

const job = (headers: Record<string, string>) => ({ headers, log: quietLog() }) as unknown as JobContext;

describe('headerOneOf', () => {
  it('given a header with an allowed value, when read, then that value', () => {
    expect(headerOneOf(job({ review: 'second' }), 'review', ['first', 'second'])).toBe('second');
  });

  it.each([
    [{}, 'got ""'],
    [{ review: 'third' }, 'got "third"'],
  ])(
    'given %j, when read, then a bad request naming the header, the allowed values and what it got',
    (headers, got) => {
      expect(() => headerOneOf(job(headers), 'review', ['first', 'second'])).toThrow(
        expect.objectContaining({
          kind: 'bad-request',
          message: `task header review must be one of first, second; ${got}`,
        }),
      );
    },
  );
});
