import { seededRandom } from '../bench/bench-support.js';

/**
 * The demo's randomness: every choice comes from a seeded stream, one per purpose, so the same
 * seed (and the same dates) gives the same data, and a change to one part leaves the others alone.
 */
export class DemoRandom {
  private readonly next: () => number;

  constructor(seed: number, purpose: string) {
    let hash = seed >>> 0;
    for (const character of purpose) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
    this.next = seededRandom(hash);
  }

  /** In [0, 1). */
  float(): number {
    return this.next();
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the items, in proportion to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [item, weight] of items) {
      point -= weight;
      if (point < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** How many of something happen in a day whose mean is `mean`: the mean's whole part, give or take. */
  count(mean: number): number {
    const spread = mean * (0.6 + 0.8 * this.next());
    const whole = Math.floor(spread);
    return whole + (this.next() < spread - whole ? 1 : 0);
  }

  /** A version 4 UUID from the stream. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(this.next() * 4_294_967_296)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
    const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
