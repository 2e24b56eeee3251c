/**
 * The masking a fix run uses: every secret set of every doctor run in it (a value fixed in pass 2
 * was registered in pass 1), plus values the run adds itself (set-key's new key).
 */
import { SecretSet } from '../keys/mask.js';

export class Masker {
  private readonly sets: SecretSet[] = [];
  private readonly own = new SecretSet();

  addSet(s: SecretSet): void {
    if (!this.sets.includes(s)) this.sets.push(s);
  }

  add(value: string): void {
    this.own.add(value);
  }

  /** Masks with the run's own values first (longest known), then each doctor run's set. */
  maskText(text: string): string {
    let out = this.own.maskText(text);
    for (const s of this.sets) out = s.maskText(out);
    return out;
  }

  maskDeep<T>(value: T): T {
    let out = this.own.maskDeep(value);
    for (const s of this.sets) out = s.maskDeep(out);
    return out;
  }
}
