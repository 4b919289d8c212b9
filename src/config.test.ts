import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('defaults to embedded stores under ./data on port 8787', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8787)
    expect(c.dataDir.endsWith('/data')).toBe(true)
    expect(c.clickhouse).toBeNull()
    expect(c.databaseUrl).toBeNull()
  })

  it('switches to a ClickHouse server and PostgreSQL by URL', () => {
    const c = loadConfig({
      STEPWISE_CLICKHOUSE_URL: 'http://ch.internal:8123',
      STEPWISE_CLICKHOUSE_USER: 'stepwise',
      STEPWISE_CLICKHOUSE_PASSWORD: 'pw',
      STEPWISE_CLICKHOUSE_DATABASE: 'analytics',
      STEPWISE_DATABASE_URL: 'postgres://u:p@db/stepwise',
    })
    expect(c.clickhouse).toEqual({
      url: 'http://ch.internal:8123',
      username: 'stepwise',
      password: 'pw',
      database: 'analytics',
    })
    expect(c.databaseUrl).toBe('postgres://u:p@db/stepwise')
  })

  it('lets command-line options win over the environment', () => {
    expect(loadConfig({ STEPWISE_PORT: '9000' }, { port: 9100 }).port).toBe(9100)
  })

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ STEPWISE_PORT: 'eighty' })).toThrow(/STEPWISE_PORT/)
    expect(() => loadConfig({ STEPWISE_CLICKHOUSE_DATABASE: 'x; DROP' })).toThrow(
      /STEPWISE_CLICKHOUSE_DATABASE/,
    )
    expect(() => loadConfig({ STEPWISE_DEFAULT_COUNTRY: 'usa' })).toThrow(/STEPWISE_DEFAULT_COUNTRY/)
  })
})

describe('the first administrator from the environment', () => {
  it('takes both variables, or neither', () => {
    expect(loadConfig({}).admin).toBeNull()
    expect(
      loadConfig({ STEPWISE_ADMIN_EMAIL: ' ada@example.com ', STEPWISE_ADMIN_PASSWORD: 'long enough!' })
        .admin,
    ).toEqual({ email: 'ada@example.com', password: 'long enough!' })
    expect(() => loadConfig({ STEPWISE_ADMIN_EMAIL: 'ada@example.com' })).toThrow(
      /STEPWISE_ADMIN_PASSWORD: is required/,
    )
    expect(() => loadConfig({ STEPWISE_ADMIN_PASSWORD: 'long enough!' })).toThrow(/STEPWISE_ADMIN_EMAIL/)
  })

  it('names a short password or a bad address', () => {
    expect(() =>
      loadConfig({ STEPWISE_ADMIN_EMAIL: 'ada@example.com', STEPWISE_ADMIN_PASSWORD: 'short' }),
    ).toThrow('Invalid environment variable STEPWISE_ADMIN_PASSWORD: must be at least 10 characters')
    expect(() =>
      loadConfig({ STEPWISE_ADMIN_EMAIL: 'ada', STEPWISE_ADMIN_PASSWORD: 'long enough!' }),
    ).toThrow(/STEPWISE_ADMIN_EMAIL: must be an e-mail address/)
  })
})
