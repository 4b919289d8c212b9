import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestStepwise } from '../../../test/support/open-test-stepwise.ts'
import { loadConfig } from '../../config.ts'
import { runQuery } from '../../reports/query.ts'
import { openStepwise } from '../../server/open-stepwise.ts'

const dir = mkdtempSync(join(tmpdir(), 'stepwise-seed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Position {
  session_id: string
  session_pages: number
  session_seconds: number
  session_prev_seconds: number
}

describe('open sessions after a restart', () => {
  it('continue with their id, page count and start time', async () => {
    const start = Date.now() - 10 * 60_000
    const page = (n: number, at: number) => ({
      type: 'page',
      messageId: `seed-${n}`,
      anonymousId: 'returning-visitor',
      timestamp: new Date(at).toISOString(),
      properties: { path: `/p${n}` },
    })
    const first = await openTestStepwise({}, dir)
    const siteId = first.site.site.id
    const basic = first.basic
    const sent = await first.post(
      '/v1/batch',
      { batch: [page(1, start), page(2, start + 60_000)] },
      { authorization: basic },
    )
    expect(sent.status).toBe(200)
    await first.stepwise.close()

    // The reopened instance finds the site already there; its keys still work.
    const second = await openStepwise({
      config: loadConfig({ STEPWISE_DATA_DIR: dir }),
      adminToken: 'seed-admin-token-0123456789',
    })
    try {
      const res = await second.app.request('/v1/batch', {
        method: 'POST',
        body: JSON.stringify({ batch: [page(3, start + 150_000)] }),
        headers: { 'content-type': 'application/json', authorization: basic },
      })
      expect(res.status).toBe(200)
      const rows = await runQuery<Position>(second.events, {
        query: `SELECT session_id, session_pages, session_seconds, session_prev_seconds FROM events
                WHERE site_id = {site:String} ORDER BY ts`,
        params: { site: siteId },
      })
      expect(rows.map((r) => [r.session_pages, r.session_seconds, r.session_prev_seconds])).toEqual([
        [1, 0, -1],
        [2, 60, 0],
        [3, 150, 60],
      ])
      expect(new Set(rows.map((r) => r.session_id)).size).toBe(1)
    } finally {
      await second.close()
    }
  })
})
