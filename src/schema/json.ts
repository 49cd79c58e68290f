// The TypeScript value of a JSON column when the models do not say more (`t.jsonb<Settings>()` does).
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
