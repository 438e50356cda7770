import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../config';
import { openApiDocument } from '../../openapi/document';
import { authorizationMatrix, renderAuthorizationMatrix } from './authorization-matrix';

describe('the authorization matrix', () => {
  it("is the README's table, word for word", () => {
    // given the README
    const readme = fs.readFileSync(path.join(paths.repoRoot, 'README.md'), 'utf8');
    // when the section is read
    const section = readme.split('## Authorization matrix')[1]?.split('\n## ')[0] ?? '';
    // then it holds the table rendered from the data the integration test checks
    expect(section).toContain(renderAuthorizationMatrix());
  });

  it('has one row per operation of the OpenAPI document, and each row says what it is', () => {
    const documented = Object.entries(openApiDocument('0').paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const inMatrix = new Set(authorizationMatrix.map((r) => r.operation));
    expect(documented.filter((op) => op.includes('/api/') && !inMatrix.has(op))).toEqual([]);
    expect([...inMatrix].filter((op) => !documented.includes(op))).toEqual([]);
    const whats = authorizationMatrix.map((r) => r.what);
    expect(new Set(whats).size).toBe(whats.length);
  });
});
