import { expect, it } from 'vitest'
import { compactEventSchema } from '../../../src/schema/compact-event.ts'
import { campaignParams } from './campaign-params.ts'

it('sends only campaign keys the server accepts (an unknown key would reject the event)', () => {
  const all = campaignParams(
    '?utm_source=a&utm_medium=b&utm_campaign=c&utm_term=d&utm_content=e&utm_id=f&gclid=g&gbraid=h&wbraid=i&fbclid=j&msclkid=k&ttclid=l&li_fat_id=m',
  )
  expect(Object.keys(all ?? {})).toHaveLength(13)
  expect(compactEventSchema.safeParse({ k: 'wk_x', t: 'page', c: all }).success).toBe(true)
})

it('reads UTM parameters and click ids, skipping empty and unrelated ones', () => {
  expect(campaignParams('?utm_source=news&utm_medium=&gclid=G1&page=2')).toEqual({
    utm_source: 'news',
    gclid: 'G1',
  })
  expect(campaignParams('?q=shoes')).toBeUndefined()
  expect(campaignParams(`?utm_term=${'x'.repeat(2000)}`)?.utm_term).toHaveLength(1000)
})
