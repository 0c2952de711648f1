// Requests node refuses before express sees them (a raw non-ASCII or control character in
// the path, a malformed header, headers too large, too slow) get the Iceberg error shape
// too, instead of node's bare status line without a body.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createError } from '../iceberg/errors.js';

// As node answers them: too slow (the request timeouts), headers too large, anything else malformed.
const ANSWERS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'Request headers are too large'],
};

export function answerClientErrors(server: Server): Server {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    // As node does: no answer on a dead socket or in the middle of one already being sent.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, statusText, message] = ANSWERS[err.code ?? ''] ?? [400, 'Bad Request', `Malformed HTTP request (${err.code ?? 'parse error'}): a path must be percent-encoded ASCII, headers well-formed`];
    // An answer to HEAD has no body (the client would read one as the next answer).
    const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    const body = head ? '' : JSON.stringify(createError(status, 'BadRequestException', message).toBody());
    socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  return server;
}
