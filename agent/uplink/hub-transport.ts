// One HTTP(S) exchange with the county hub, trusting the county's own CA when the station was given one
// (`yuanjiao enroll --ca FILE`) in addition to Node's bundled roots — never by turning verification off.
// Node 20's fetch takes no CA option without the undici package, so this is node:http/https: no redirects
// followed (a hub that moved says so, and the station is enrolled again), and the answer's size is bounded.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';

/** Far above any hub answer (a reply with its downlink is a few hundred KiB at most). */
export const MAX_HUB_ANSWER_BYTES = 16 * 1024 * 1024;

export interface HubRequest {
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** PEM certificate(s) of the county's CA, trusted besides the bundled roots. */
  ca?: string | null;
}

export interface HubAnswer {
  status: number;
  ok: boolean;
  header(name: string): string | undefined;
  text: string;
}

/** Why the hub could not be reached: a short code for logs, and a message a person can act on. */
export class HubTransportError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'HubTransportError';
  }
}

const CERT_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** The message for a failed connection: a certificate problem says what to do about it. */
function transportError(err: NodeJS.ErrnoException & { reason?: string }, url: URL): HubTransportError {
  const code = err.code ?? err.name;
  if (err.name === 'AbortError' || code === 'ABORT_ERR') {
    const timeout = (err.cause as { name?: string } | undefined)?.name === 'TimeoutError';
    return new HubTransportError(timeout ? 'TimeoutError' : 'AbortError', timeout ? '超时 / timed out' : '已取消 / aborted');
  }
  if (CERT_ERRORS.has(code)) {
    return new HubTransportError(
      code,
      `平台 ${url.host} 的证书不受信任（${code}）；若县里使用自建证书，请用 --ca 指定县里给的 CA 证书文件 / the hub's certificate is not trusted (${code}); with the county's own CA, enroll with --ca FILE`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new HubTransportError(code, `平台证书上的名称与地址 ${url.hostname} 不符（${err.reason ?? code}）/ the hub's certificate is not for ${url.hostname}`);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new HubTransportError(code, `平台证书${code === 'CERT_HAS_EXPIRED' ? '已过期' : '尚未生效'}（${code}；也请核对本机时钟）/ the hub's certificate is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'} (check this terminal's clock too)`);
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(err.message)) {
    return new HubTransportError('EPROTO', `该地址不讲 HTTPS（是否应为 http://，或端口不对？）/ that address does not speak HTTPS (${err.message})`);
  }
  return new HubTransportError(code, code);
}

/** The CA option for node:tls: the bundled roots plus the county's, so a later public certificate still works. */
function trustedCas(ca: string | null | undefined): string[] | undefined {
  if (!ca) return undefined;
  return [...tls.rootCertificates, ca];
}

export function hubRequest(target: string, request: HubRequest): Promise<HubAnswer> {
  const url = new URL(target);
  const secure = url.protocol === 'https:';
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: Record<string, string> = { ...request.headers };
  if (body) headers['content-length'] = String(body.length);
  return new Promise<HubAnswer>((resolve, reject) => {
    const options: https.RequestOptions = { method: request.method, headers, signal: request.signal };
    if (secure) options.ca = trustedCas(request.ca);
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_HUB_ANSWER_BYTES) {
          res.destroy();
          reject(new HubTransportError('too_large', `平台的答复超过 ${MAX_HUB_ANSWER_BYTES} 字节，未采用 / the answer is larger than ${MAX_HUB_ANSWER_BYTES} bytes; ignored`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', (err) => reject(transportError(err, url)));
    });
    req.on('error', (err) => reject(transportError(err, url)));
    req.end(body);
  });
}

/** The certificate(s) in a --ca file's text, checked; throws with what is wrong. */
export function checkCaPem(pem: string, file: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${file} 不是 PEM 格式的证书（应以 -----BEGIN CERTIFICATE----- 开头）/ ${file} is not a PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new Error(`${file} 中的证书无法解析（${(err as Error).message}）/ a certificate in ${file} cannot be read`);
    }
  }
  return `${blocks.join('\n')}\n`;
}
