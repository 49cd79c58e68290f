// The databases athanor speaks to, by the name configs and dialect modules use.
export type DialectName = 'postgres' | 'mysql' | 'sqlite';
