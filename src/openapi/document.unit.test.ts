import { openApiDocument } from './document';

describe('openApiDocument', () => {
  const doc = openApiDocument('1.2.3');
  type Op = {
    responses: Record<string, unknown>;
    security?: unknown[];
    requestBody?: {
      content: Record<
        string,
        { schema: { required?: string[]; properties?: Record<string, { pattern?: string }> } }
      >;
    };
    parameters?: { name: string; in: string; required: boolean }[];
  };
  const op = (path: string, method: string) => (doc.paths[path] as Record<string, Op>)[method]!;

  it('is OpenAPI 3.1 with Basic auth and a problem+json schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    expect(doc.components.securitySchemes.basic).toEqual({ type: 'http', scheme: 'basic' });
  });

  it('describes the proposal body from the schema the route validates with', () => {
    const body = op('/api/projects', 'post').requestBody!.content['application/json']!.schema;
    expect(body.required).toEqual(expect.arrayContaining(['title', 'budgetEstimate', 'category']));
    expect(body.properties!.budgetEstimate!.pattern).toBe('^\\d{1,12}(\\.\\d{1,2})?$');
    expect(op('/api/projects', 'post').parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    ]);
  });

  it('describes the document upload as multipart/form-data with its type field and file', () => {
    const body = op('/api/projects/{code}/documents', 'post').requestBody!.content['multipart/form-data']!
      .schema;
    expect(body.required).toEqual(['type', 'file']);
    expect(Object.keys(body.properties!)).toEqual(['type', 'file']);
  });

  it('marks query parameters with defaults as optional and required ones as required', () => {
    const params = op('/api/calendar/working-days/add', 'get').parameters!;
    expect(params.map((p) => [p.name, p.required])).toEqual([
      ['from', true],
      ['days', true],
    ]);
    expect(op('/api/projects', 'get').parameters!.every((p) => !p.required)).toBe(true);
  });

  it('describes the read-only lists of agencies and departments', () => {
    const list = op('/api/organisations', 'get').responses['200'] as {
      content: { 'application/json': { schema: { required: string[] } } };
    };
    expect(list.content['application/json'].schema.required).toEqual(['agencies', 'departments']);
  });

  it('answers 401 on every /api operation and leaves /health public', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const o of Object.values(methods as Record<string, Op>)) {
        if (path.startsWith('/api/')) expect(o.responses).toHaveProperty('401');
      }
    }
    expect(op('/health', 'get').security).toEqual([]);
  });
});
