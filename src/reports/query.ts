import type { ClickHouseClient } from '@clickhouse/client'

/** A compiled query: SQL text with `{name:Type}` placeholders and the values for them. */
export interface CompiledQuery {
  query: string
  params: Record<string, unknown>
}

export async function runQuery<Row>(client: ClickHouseClient, compiled: CompiledQuery): Promise<Row[]> {
  const result = await client.query({
    query: compiled.query,
    query_params: compiled.params,
    format: 'JSONEachRow',
  })
  return result.json<Row>()
}
