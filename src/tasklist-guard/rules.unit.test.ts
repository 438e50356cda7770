import { guardedTaskId, isClosedPath } from './rules';

describe('Tasklist guard rules', () => {
  it.each([
    ['PATCH', '/v1/tasks/2251799813685974/assign'],
    ['PATCH', '/v1/tasks/2251799813685974/unassign'],
    ['PATCH', '/v1/tasks/2251799813685974/complete'],
    ['patch', '/v1/tasks/2251799813685974/complete/'],
    ['POST', '/v1/tasks/2251799813685974/variables'],
    ['POST', '/v1/tasks/2251799813685974/variables/search'],
    ['DELETE', '/v1/tasks/2251799813685974/variables'],
  ])('given %s %s (an action or a read by task id), then the guard checks that task first', (method, p) => {
    expect(guardedTaskId(method, p)).toBe('2251799813685974');
  });

  it.each([
    ['GET', '/v1/tasks/2251799813685974'],
    ['POST', '/v1/tasks/search'],
    ['GET', '/v1/forms/webapps-eib-review-form'],
    ['GET', '/v1/internal/users/current'],
    ['PATCH', '/v1/tasks/abc/assign'],
    ['GET', '/v1/tasks/2251799813685974/assign'],
  ])(
    'given %s %s, then it passes unchecked (Tasklist itself filters it, or it is no task action)',
    (method, p) => {
      expect(guardedTaskId(method, p)).toBeUndefined();
    },
  );

  it('given the GraphQL API, then it is closed; the REST API and the app are not', () => {
    expect(isClosedPath('/graphql')).toBe(true);
    expect(isClosedPath('/GraphQL/')).toBe(true);
    expect(isClosedPath('/v1/tasks/search')).toBe(false);
    expect(isClosedPath('/tasklist')).toBe(false);
  });
});
