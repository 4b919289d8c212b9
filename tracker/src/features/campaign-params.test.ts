import { expect, it } from 'vitest'
import { CAMPAIGN_PARAMS } from '../../../src/schema/compact-event.ts'
import { CAMPAIGN_KEYS, campaignParams } from './campaign-params.ts'

it('keeps the same campaign keys as the server accepts (an unknown key would reject the event)', () => {
  expect(CAMPAIGN_KEYS).toEqual([...CAMPAIGN_PARAMS])
})

it('reads UTM parameters and click ids, skipping empty and unrelated ones', () => {
  expect(campaignParams('?utm_source=news&utm_medium=&gclid=G1&page=2')).toEqual({
    utm_source: 'news',
    gclid: 'G1',
  })
  expect(campaignParams('?q=shoes')).toBeUndefined()
  expect(campaignParams(`?utm_term=${'x'.repeat(2000)}`)?.utm_term).toHaveLength(1000)
})
