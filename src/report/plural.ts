/** A count and its noun, in the number the count takes: "1 decision point", "2 decision points". */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}
