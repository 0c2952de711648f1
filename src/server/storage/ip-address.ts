// IP addresses as bytes, and what kind of network they reach (pure, no I/O). Used by the
// endpoint policy (endpoint-policy.ts) for literal hosts and for every address a host name
// resolves to. Input is canonical text: a dotted quad (the URL parser has already turned
// 0xA9FEA9FE, 025177524776 or 169.254.43518 into 169.254.169.254) or IPv6 text.

export type AddressClass = 'public' | 'private' | 'loopback' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'broadcast' | 'reserved';

export interface Ip {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface Net {
  ip: Ip;
  prefix: number;
}

export function parseIpv4(text: string): Ip | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return { family: 4, bytes: Uint8Array.from(parts.map(Number)) };
}

export function parseIpv6(text: string): Ip | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (s.includes('%')) return undefined; // zone ids name an interface: never a storage endpoint
  const groups: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) is two groups.
  const v4 = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const ip = parseIpv4(v4[1]);
    if (!ip) return undefined;
    s = `${s.slice(0, s.length - v4[1].length)}${((ip.bytes[0] << 8) | ip.bytes[1]).toString(16)}:${((ip.bytes[2] << 8) | ip.bytes[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    groups.push(...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  } else {
    if (head.length !== 8) return undefined;
    groups.push(...head);
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { family: 6, bytes };
}

export const parseIp = (text: string): Ip | undefined => parseIpv4(text) ?? parseIpv6(text);

export function inNet(ip: Ip, net: Net): boolean {
  if (ip.family !== net.ip.family) return false;
  for (let bit = 0; bit < net.prefix; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((ip.bytes[bit >> 3] & mask) !== (net.ip.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}

const net = (cidr: string): Net => {
  const [addr, prefix] = cidr.split('/');
  return { ip: parseIp(addr) as Ip, prefix: Number(prefix) };
};

/** Cloud metadata and host services that answer with credentials (AWS, GCP, Azure, ECS, EKS, Alibaba). */
const METADATA = ['169.254.169.254/32', '169.254.170.2/32', '169.254.170.23/32', '100.100.100.200/32', '168.63.129.16/32', 'fd00:ec2::254/128', 'fd00:ec2::23/128'].map(net);

const V4: [AddressClass, Net[]][] = [
  ['unspecified', ['0.0.0.0/8'].map(net)], // 0.0.0.0 reaches this machine on Linux
  ['loopback', ['127.0.0.0/8'].map(net)],
  ['link-local', ['169.254.0.0/16'].map(net)],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(net)],
  ['multicast', ['224.0.0.0/4'].map(net)],
  ['broadcast', ['255.255.255.255/32'].map(net)],
  ['reserved', ['240.0.0.0/4'].map(net)],
];

const V6: [AddressClass, Net[]][] = [
  ['unspecified', ['::/128'].map(net)],
  ['loopback', ['::1/128'].map(net)],
  ['link-local', ['fe80::/10'].map(net)],
  ['private', ['fc00::/7'].map(net)],
  ['multicast', ['ff00::/8'].map(net)],
];

/**
 * IPv6 forms that carry an IPv4 address a packet may end up at: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96), NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16).
 */
export function embeddedIpv4(ip: Ip): Ip | undefined {
  if (ip.family !== 6) return undefined;
  const b = ip.bytes;
  const v4 = (at: number): Ip => ({ family: 4, bytes: b.slice(at, at + 4) });
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12);
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && b[15] === 1)) return v4(12);
  if (inNet(ip, net('64:ff9b::/96')) || inNet(ip, net('64:ff9b:1::/48'))) return v4(12);
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
  return undefined;
}

export function classifyIp(ip: Ip): AddressClass {
  const inner = embeddedIpv4(ip);
  if (inner) return classifyIp(inner);
  if (METADATA.some((n) => inNet(ip, n))) return 'metadata';
  for (const [cls, nets] of ip.family === 4 ? V4 : V6) if (nets.some((n) => inNet(ip, n))) return cls;
  return 'public';
}

/** The class of an address in text form; undefined when it is not an IP address. */
export function classifyAddress(text: string): AddressClass | undefined {
  const ip = parseIp(text);
  return ip ? classifyIp(ip) : undefined;
}
