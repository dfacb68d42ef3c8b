// The keyed pseudonym of a caller's phone (一人多诉 without storing the number): HMAC-SHA-256 of its
// digits under the deployment's secret (config/pseudonym-secret.ts). Keyed, so nobody without the
// secret can test guessed numbers against it (China's mobile numbers are few enough to enumerate);
// the same phone in any notation gives the same pseudonym.
import { createHmac } from 'node:crypto';

/** Digits only, without China's country code: "+86 139-1234-5678" and "13912345678" are one caller. */
export function phoneDigits(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length === 13 && d.startsWith('86') ? d.slice(2) : d;
}

/** undefined for a "phone" too short to identify anyone. */
export function phonePseudonym(secret: string, phone: string): string | undefined {
  const d = phoneDigits(phone);
  return d.length >= 5 ? createHmac('sha256', secret).update(d).digest('hex') : undefined;
}
