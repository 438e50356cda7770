import net from 'node:net';
import { assertPortsFree, freePort, isPortFree } from './ports';

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
