// Whether a hub address may be used as written: plain http:// only to this machine or a private network, unless
// the administrator forces it; https:// always. Enrollment hands the station its secret in the hub's answer,
// so an http:// address across the internet would give that secret to anyone on the way.
//
// Decision — names: a host that is not an IP literal counts as public (except `localhost`). Resolving it
// would judge the answer of a DNS server that may itself be hostile, and a name that points to a private
// address today may not tomorrow. A county hub on a closed network is written as its IP address, served over
// HTTPS, or forced with --insecure-http.
import { BlockList, isIP } from 'node:net';

export type HubHostKind = 'loopback' | 'private' | 'public';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const privateRanges = new BlockList();
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local
privateRanges.addSubnet('fc00::', 7, 'ipv6'); // unique local
privateRanges.addSubnet('fe80::', 10, 'ipv6'); // link-local

/** 'localhost', '127.0.0.5', '[::1]' → loopback; 10/8, 172.16/12, 192.168/16, link-local, fc00::/7 → private. */
export function hubHostKind(hostname: string): HubHostKind {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  const family = isIP(host);
  if (family === 0) return 'public';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1] : undefined;
  if (mapped) return hubHostKind(mapped);
  if (loopback.check(host, type)) return 'loopback';
  if (privateRanges.check(host, type)) return 'private';
  return 'public';
}

export class InsecureHubUrlError extends Error {
  readonly code = 'insecure_hub_url';
  constructor(readonly hubUrl: string) {
    super(
      `拒绝使用明文 HTTP 平台地址 ${hubUrl}：它不在本机或内网，站点密钥和上报记录会在公网上明文传输。` +
        `请使用 https:// 地址（县里的 HTTPS 反向代理，或平台的 --tls-cert；自签证书加 --ca 证书文件），` +
        `确属封闭专网时再加 --insecure-http / refusing plain-HTTP hub address ${hubUrl}: it is neither this machine nor a private network, ` +
        `so the station secret and every report would cross it in clear. Use an https:// address (the county's HTTPS proxy, or the hub's ` +
        `--tls-cert; with a private CA add --ca FILE), or add --insecure-http if this really is a closed network`,
    );
    this.name = 'InsecureHubUrlError';
  }
}

export interface HubUrlCheck {
  /** One line to print when the address is allowed but travels in clear (a private network, or forced). */
  warning: string | null;
}

/** Throws InsecureHubUrlError for http:// to a public host unless forced; a normalized http(s) URL is expected. */
export function checkHubUrl(hubUrl: string, options: { insecureHttp?: boolean } = {}): HubUrlCheck {
  const url = new URL(hubUrl);
  if (url.protocol === 'https:') return { warning: null };
  const kind = hubHostKind(url.hostname);
  if (kind === 'loopback') return { warning: null };
  if (kind === 'public' && options.insecureHttp !== true) throw new InsecureHubUrlError(hubUrl);
  return {
    warning:
      kind === 'private'
        ? `注意：经内网明文 HTTP 连接平台（${url.host}），站点密钥在内网上不加密；有条件时请改用 https:// / note: plain HTTP on a private network (${url.host}): the station secret is not encrypted there; prefer https://`
        : `注意：已按 --insecure-http 经明文 HTTP 连接平台（${url.host}），站点密钥和记录不加密 / note: plain HTTP forced with --insecure-http (${url.host}): the station secret and records travel in clear`,
  };
}
