// A local TCP listener that accepts connections and never says a word: a server that hangs (or a proxy in
// front of a dead one). Used to time how long a driver waits before giving up.
import { createServer, type Socket } from 'node:net';

export interface BlackHole {
  port: number;
  close(): Promise<void>;
}

export function blackHole(): Promise<BlackHole> {
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => held.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('internal: no port');
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of held) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
