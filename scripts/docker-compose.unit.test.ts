/**
 * docker-compose.yml publishes ports on 127.0.0.1 only, like `npm start` (the database's root
 * password and the gateway have local-only defaults). `npm test` validates the file's syntax with
 * docker-compose; this test checks what it publishes, with no Docker needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';

interface Published {
  line: number;
  entry: string;
}

/**
 * Every entry of every `ports:` list, and every other way to expose a service beyond loopback that
 * this line reading cannot vouch for (`network_mode: host`, a flow-style `ports: [...]`).
 */
function publishedPorts(yaml: string): { ports: Published[]; unreadable: Published[] } {
  const ports: Published[] = [];
  const unreadable: Published[] = [];
  let listIndent: number | undefined;
  yaml.split('\n').forEach((raw, i) => {
    const text = raw.replace(/\s+#.*$/, '');
    if (text.trim() === '' || text.trimStart().startsWith('#')) return;
    const indent = text.length - text.trimStart().length;
    if (listIndent !== undefined && indent > listIndent) {
      const item = /^\s*-\s*(.*)$/.exec(text);
      if (item) ports.push({ line: i + 1, entry: item[1]!.trim() });
      else unreadable.push({ line: i + 1, entry: text.trim() }); // long syntax: `target:`, `published:`…
      return;
    }
    listIndent = undefined;
    const key = /^(\s*)ports:\s*(.*)$/.exec(text);
    if (key) {
      if (key[2] === '') listIndent = key[1]!.length;
      else unreadable.push({ line: i + 1, entry: text.trim() });
    }
    if (/^\s*network_mode:\s*['"]?host/.test(text)) unreadable.push({ line: i + 1, entry: text.trim() });
  });
  return { ports, unreadable };
}

const loopbackOnly = /^(['"]?)127\.0\.0\.1:\d+(-\d+)?:\d+(-\d+)?(\/(tcp|udp))?\1$/;
const offending = (yaml: string): Published[] => {
  const { ports, unreadable } = publishedPorts(yaml);
  return [...unreadable, ...ports.filter((p) => !loopbackOnly.test(p.entry))];
};

describe('docker-compose.yml', () => {
  const yaml = fs.readFileSync(path.join(paths.repoRoot, 'docker-compose.yml'), 'utf8');

  it('publishes every port on 127.0.0.1 only (given the file, when its ports are read, then none binds all interfaces)', () => {
    // positive control: the services publish ports, so an empty list would mean the reading failed
    expect(publishedPorts(yaml).ports.length).toBeGreaterThanOrEqual(5);
    expect(offending(yaml)).toEqual([]);
  });

  it.each([
    ["- '3306:3306'", 1],
    ['- 26500:26500', 1],
    ["- '0.0.0.0:9600:9600'", 1],
    ["- '9600'", 1],
    ["- '[::]:9600:9600'", 1],
    ['- target: 9600\n        published: 9600', 2],
    ["- '127.0.0.1:9600:9600'", 0],
  ])('given a service publishing %j, then the check finds %d offending line(s)', (entry, count) => {
    const sample = `services:\n  zeebe:\n    image: x\n    ports:\n      ${entry}\n    volumes:\n      - '9600:9600'\n`;
    expect(offending(sample)).toHaveLength(count);
  });

  it('given ports written as a flow list or host networking, then the check refuses them', () => {
    expect(offending("services:\n  a:\n    ports: ['127.0.0.1:1:1']\n")).toHaveLength(1);
    expect(offending('services:\n  a:\n    network_mode: host\n')).toHaveLength(1);
  });
});
