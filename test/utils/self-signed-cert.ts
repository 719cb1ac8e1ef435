import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real certificate for 127.0.0.1 and localhost made with openssl in `dir`, valid for `days`. */
export function selfSignedCert(dir: string, days = 10): { key: Buffer; cert: Buffer; certFile: string; notAfter: number } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile];
  execFileSync('openssl', [...args, '-days', String(days), '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], {
    stdio: 'ignore',
  });
  const end = execFileSync('openssl', ['x509', '-enddate', '-noout', '-in', certFile], { encoding: 'utf8' }).trim().replace('notAfter=', '');
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile, notAfter: Date.parse(end) };
}
