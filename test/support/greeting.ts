// Whether an IMAP server answers yet: its `* OK` greeting, over TLS or plain.
import net from 'node:net';
import tls from 'node:tls';

/** Connects and resolves true once a `* OK` greeting line arrives, false on any failure. */
export function greets(port: number, secure = false, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    let buf = '';
    // Only "is it up": the certificate is checked by the clients that log in.
    const sock = secure ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n')) done(buf.startsWith('* OK'));
    });
  });
}
