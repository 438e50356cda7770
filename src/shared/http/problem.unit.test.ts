import { problemDocument } from './problem';

describe('problemDocument', () => {
  it('keeps the standard members when the details name them too', () => {
    // given details that try to pass for the standard members
    const details = {
      type: 'https://evil.example/ok',
      status: 200,
      title: 'OK',
      detail: 'all fine',
      instance: '/elsewhere',
      errors: [{ path: 'title', message: 'required' }],
    };

    // when the problem document is built
    const doc = problemDocument({
      type: 'urn:egov-approvals:problem:bad-request',
      status: 400,
      detail: 'invalid body',
      instance: '/api/projects',
      details,
    });

    // then type, title, status, detail and instance are the real ones, and the extension stays
    expect(doc).toEqual({
      type: 'urn:egov-approvals:problem:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid body',
      instance: '/api/projects',
      errors: details.errors,
    });
  });

  it('titles every status by its reason phrase', () => {
    const title = (status: number) =>
      problemDocument({ type: 'about:blank', status, detail: 'x', instance: '/' }).title;
    expect([400, 413, 415, 416, 500, 503].map(title)).toEqual([
      'Bad Request',
      'Payload Too Large',
      'Unsupported Media Type',
      'Range Not Satisfiable',
      'Internal Server Error',
      'Service Unavailable',
    ]);
  });
});
