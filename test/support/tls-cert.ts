// Certificates made at test time with the machine's openssl: a county's own CA and a hub certificate it signed
// for 127.0.0.1 and localhost — what a county without a public certificate hands its stations with --ca.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  dir: string;
  /** The CA certificate stations trust (yuanjiao enroll --ca). */
  caFile: string;
  /** The hub's certificate (leaf, then the CA) and its key (yuanjiao county start --tls-cert/--tls-key). */
  certFile: string;
  keyFile: string;
  /** Another key, not the certificate's: for the mismatch refusal. */
  otherKeyFile: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestCertificates(dir: string, options: { days?: number } = {}): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  const days = String(options.days ?? 30);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', days, '-subj', '/CN=Yuanjiao test county CA');
  openssl(dir, 'req', ...ec, '-keyout', 'hub.key', '-out', 'hub.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'hub.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(dir, 'x509', '-req', '-in', 'hub.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'hub-leaf.pem', '-days', days, '-extfile', 'hub.ext');
  fs.writeFileSync(path.join(dir, 'hub.pem'), fs.readFileSync(path.join(dir, 'hub-leaf.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
  openssl(dir, 'genpkey', '-algorithm', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'other.key');
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'hub.pem'),
    keyFile: path.join(dir, 'hub.key'),
    otherKeyFile: path.join(dir, 'other.key'),
  };
}
