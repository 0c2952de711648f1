// The Server page's "recent requests and errors": two bounded in-memory ring buffers fed
// by the request logger (http/app.ts). An entry holds the method, the path without its
// query string, the status, the time taken, the request id, the acting tenant and, for
// errors, the Iceberg error type and message the client received. Never headers, query
// strings or bodies, so no credential can land here.
import type { RecentRequest } from '../../shared/api/troubleshoot.js';

export interface RecentRequestInput {
  at: number;
  method: string;
  path: string;
  status: number;
  ms: number;
  requestId: string;
  /** The tenant the request acted on (undefined before authentication). */
  tenantId?: string;
  errorType?: string;
  error?: string;
}

const MAX_PATH = 300;
const MAX_MESSAGE = 500;

class Ring<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Newest first. */
  newestFirst(): T[] {
    const out: T[] = [];
    for (let i = 1; i <= this.size; i++) out.push(this.items[(this.next - i + this.capacity) % this.capacity] as T);
    return out;
  }
}

export class RecentRequests {
  private readonly requests: Ring<RecentRequestInput>;
  private readonly errors: Ring<RecentRequestInput>;

  constructor(
    readonly requestCapacity = 200,
    readonly errorCapacity = 100,
  ) {
    this.requests = new Ring(Math.max(1, requestCapacity));
    this.errors = new Ring(Math.max(1, errorCapacity));
  }

  record(e: RecentRequestInput): void {
    const entry: RecentRequestInput = {
      ...e,
      path: e.path.length > MAX_PATH ? `${e.path.slice(0, MAX_PATH)}…` : e.path,
      ...(e.error !== undefined ? { error: e.error.length > MAX_MESSAGE ? `${e.error.slice(0, MAX_MESSAGE)}…` : e.error } : {}),
    };
    this.requests.push(entry);
    if (e.status >= 400) this.errors.push(entry);
  }

  /** Newest first; `visible` filters (e.g. to one tenant). */
  list(visible: (e: RecentRequestInput) => boolean = () => true): { requests: RecentRequest[]; errors: RecentRequest[] } {
    return { requests: this.requests.newestFirst().filter(visible).map(toApi), errors: this.errors.newestFirst().filter(visible).map(toApi) };
  }
}

function toApi(e: RecentRequestInput): RecentRequest {
  return {
    time: new Date(e.at).toISOString(),
    method: e.method,
    path: e.path,
    status: e.status,
    ms: e.ms,
    request_id: e.requestId,
    ...(e.errorType !== undefined ? { error_type: e.errorType } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
  };
}
