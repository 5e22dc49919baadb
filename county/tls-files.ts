// The hub's own HTTPS: reads the certificate and key files given with --tls-cert/--tls-key and refuses, before
// anything listens, a file that is missing, unreadable, not PEM, or a key that does not belong to the
// certificate — so a mistake is a clear message at start, not a handshake error on every station.
import fs from 'node:fs';
import os from 'node:os';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { HubError } from './hub-error.ts';
import { stillInWords } from '../common/coded-error.pure.ts';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface HubTls {
  /** The PEM chain (leaf first) and the key, as Node's https server takes them. */
  cert: Buffer;
  key: Buffer;
  /** The leaf certificate: its names and validity go into the banner. */
  leaf: X509Certificate;
}

const DAY = 86_400_000;
/** A certificate this close to its end is mentioned at every start, so it is renewed before stations fail. */
export const EXPIRY_WARNING_DAYS = 21;

function tlsError(code: string, zh: string, en: string): HubError {
  return new HubError(400, code, stillInWords(`${zh} / ${en}`));
}

function readFile(file: string, what: { zh: string; en: string; option: string }): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw tlsError('tls_file_missing', `找不到${what.zh}文件 ${file}（${what.option}）`, `no ${what.en} file at ${file} (${what.option})`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw tlsError(
        'tls_file_unreadable',
        `无权读取${what.zh}文件 ${file}：平台以用户 ${userName()} 运行，请让它可读（例如 chgrp yuanjiao-county 并 chmod 640）`,
        `cannot read the ${what.en} file ${file} as user ${userName()}; make it readable to the hub (e.g. chgrp yuanjiao-county, chmod 640)`,
      );
    }
    if (code === 'EISDIR') throw tlsError('tls_file_missing', `${what.zh} ${file} 是目录，不是文件`, `the ${what.en} ${file} is a folder, not a file`);
    throw tlsError('tls_file_unreadable', `读取${what.zh}文件 ${file} 失败（${code ?? String(err)}）`, `cannot read the ${what.en} file ${file} (${code ?? String(err)})`);
  }
}

// os.userInfo() throws where the uid has no passwd entry (a container); the uid then stands in for the name.
function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** Every PEM certificate block in a file, leaf first as the server sends them. */
function certificatesIn(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Reads and checks the certificate and key; throws a HubError saying what to fix. */
export function loadHubTls(files: TlsFiles): HubTls {
  const cert = readFile(files.certFile, { zh: '证书', en: 'certificate', option: '--tls-cert' });
  const key = readFile(files.keyFile, { zh: '私钥', en: 'private key', option: '--tls-key' });
  const blocks = certificatesIn(cert.toString('utf8'));
  if (blocks.length === 0) {
    const looksLikeKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(cert.toString('utf8'));
    throw tlsError(
      'tls_bad_certificate',
      `${files.certFile} 不是 PEM 格式的证书${looksLikeKey ? '（它是私钥：--tls-cert 和 --tls-key 是否写反了？）' : '（应以 -----BEGIN CERTIFICATE----- 开头）'}`,
      `${files.certFile} is not a PEM certificate${looksLikeKey ? ' (it is a private key: are --tls-cert and --tls-key swapped?)' : ' (it should start with -----BEGIN CERTIFICATE-----)'}`,
    );
  }
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(blocks[0]!);
  } catch (err) {
    throw tlsError('tls_bad_certificate', `${files.certFile} 中的证书无法解析（${(err as Error).message}）`, `the certificate in ${files.certFile} cannot be read (${(err as Error).message})`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    const encrypted = /ENCRYPTED/.test(key.toString('utf8'));
    throw tlsError(
      'tls_bad_key',
      `${files.keyFile} 不是可用的 PEM 私钥${encrypted ? '（它有口令保护：平台无人值守启动，请用不加口令的私钥并只让平台用户可读）' : ''}`,
      `${files.keyFile} is not a usable PEM private key${encrypted ? ' (it is passphrase-protected: the hub starts unattended, use an unencrypted key readable only by the hub)' : ` (${(err as Error).message})`}`,
    );
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw tlsError(
      'tls_key_mismatch',
      `私钥 ${files.keyFile} 与证书 ${files.certFile} 不匹配（证书的第一张必须是本平台的证书，后面是中间证书）`,
      `the private key ${files.keyFile} does not belong to the certificate ${files.certFile} (the hub's own certificate must come first, then the chain)`,
    );
  }
  return { cert, key, leaf };
}

/** A line for the banner when the certificate has ended or ends soon; null while it is fine. */
export function expiryWarning(leaf: X509Certificate, now: number): string | null {
  const ends = Date.parse(leaf.validTo);
  const starts = Date.parse(leaf.validFrom);
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  if (now >= ends) return `证书已于 ${day(ends)} 过期，站点将拒绝连接；请更换证书后重启平台 / the certificate expired on ${day(ends)}: stations will refuse it; renew it and restart the hub`;
  if (now < starts) return `证书 ${day(starts)} 才生效（本机时钟是否正确？）/ the certificate is valid only from ${day(starts)} (is this machine's clock right?)`;
  const days = Math.floor((ends - now) / DAY);
  if (days < EXPIRY_WARNING_DAYS) return `证书将于 ${day(ends)} 过期（还剩 ${days} 天），请及时更换并重启平台 / the certificate expires on ${day(ends)} (${days} days): renew it and restart the hub`;
  return null;
}
