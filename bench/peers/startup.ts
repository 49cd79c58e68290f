export function benchStartup(..._a: unknown[]): void {}
