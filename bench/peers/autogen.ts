export function benchAutogen(..._a: unknown[]): void {}
