/**
 * The one small interface over the metadata store. PGlite (embedded) and PostgreSQL (`pg`) both
 * sit behind it, and every query is written once, in PostgreSQL SQL with `$1` parameters.
 */
export type SqlParam = string | number | boolean | null | Date

export interface MetaQueryable {
  query<Row extends object>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>
}

export interface MetaDb extends MetaQueryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs several statements (no parameters); used by migrations. */
  exec(sql: string): Promise<void>
  transaction<T>(fn: (tx: MetaQueryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
