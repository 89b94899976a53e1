import type { CertificateList, ListItem } from '../certify/list.js';
import { writeFileAtomic } from './files.js';

/** One line per item of a certificate list: what was proved, or 'could not prove: reason'. */
export function listLines(cert: CertificateList): string[] {
  const what = (item: ListItem): string => {
    if (item.status === 'not-proved') return `could not prove: ${item.reason}`;
    if (item.kind === 'branch-sign') {
      const c = item.claims;
      return `at ${item.fixedPoint}: Q(u) ${c.signQ} in [${c.Q[0]}, ${c.Q[1]}]` + (c.signFlip ? `, flip coefficient ${c.signFlip} in [${c.flip![0]}, ${c.flip![1]}]` : ', flip coefficient sign not proved');
    }
    if (item.kind === 'mean-value') {
      const c = item.claims;
      const mv = (name: string, m: typeof c.xi) => `${name} in ${m.roots.map((r) => `[${r[0].slice(0, 14)}.., ${r[1].slice(0, 14)}..]`).join(', ')}${m.unique ? ' (unique)' : ''}`;
      return `${mv('xi', c.xi)}; ${mv('zeta', c.zeta)}`;
    }
    const stability = item.claims.stability;
    return `exists and is unique in its box; ${stability === 'undecided' ? 'stability could not be proved' : `${stability} (proved)`}`;
  };
  return cert.items.map((item) => `  ${item.id} ${item.kind}: ${what(item)}`);
}

export interface WrittenList {
  readonly text: string[];
  readonly json: { readonly file: string; readonly proved: number; readonly notProved: readonly { readonly id: string; readonly reason: string }[]; readonly seconds: number };
  readonly stderr: string[];
}

/** Writes the list atomically and says where, with the per-item lines and a warning per unproved item. */
export function writeList(cert: CertificateList, path: string, seconds: number): WrittenList {
  writeFileAtomic(path, JSON.stringify(cert, null, 2) + '\n');
  const notProved = cert.items.flatMap((i) => (i.status === 'not-proved' ? [{ id: i.id, reason: i.reason }] : []));
  return {
    text: [
      `certificate: ${cert.items.length - notProved.length} of ${cert.items.length} item(s) proved at ${cert.digits} digits (working precision ${cert.precision}) in ${seconds.toFixed(2)} s`,
      ...listLines(cert),
      `certificate written to ${path}; re-check it with: eoskit verify ${path}`,
    ],
    json: { file: path, proved: cert.items.length - notProved.length, notProved, seconds },
    stderr: notProved.map((n) => `eoskit: certificate: ${n.id} could not be proved: ${n.reason}`),
  };
}
