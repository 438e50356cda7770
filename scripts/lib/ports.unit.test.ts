import net from 'node:net';
import { assertPortsFree, freePort, freePortBlock, isPortFree } from './ports';

describe('assertPortsFree', () => {
  it('names the busy port and what it was for', async () => {
    // given a port someone listens on
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const busy = (server.address() as net.AddressInfo).port;
    const free = await freePort();

    try {
      // when the ports are checked, then only the busy one is reported
      await expect(assertPortsFree({ 'Zeebe gRPC': busy, API: free })).rejects.toThrow(
        new RegExp(`Port\\(s\\) already in use: ${busy} \\(Zeebe gRPC\\)\\.`),
      );
      expect(await isPortFree(free)).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('freePortBlock', () => {
  it('returns a port whose derived ports are free as well', async () => {
    // when a block for a service with ports +10 and +100 is asked for
    const port = await freePortBlock([10, 100]);

    // then all three are free
    expect(await Promise.all([port, port + 10, port + 100].map((p) => isPortFree(p)))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('given a range, then the block starts in it and its derived ports are free', async () => {
    // given the range's first port taken
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const busy = (server.address() as net.AddressInfo).port;
    try {
      // when a block is asked for from there, then it starts after the busy port
      const port = await freePortBlock([2], { from: busy, to: busy + 50 });
      expect(port).toBeGreaterThan(busy);
      expect(port).toBeLessThan(busy + 48);
      expect(await isPortFree(port + 2)).toBe(true);
    } finally {
      server.close();
    }
  });
});
