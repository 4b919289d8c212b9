import { expect, it } from 'vitest'
import { pageKey } from './page-key.ts'

it('treats URLs that differ only in the fragment as one page, and a new query as another', () => {
  expect(pageKey('https://a.test/p?x=1#top')).toBe(pageKey('https://a.test/p?x=1'))
  expect(pageKey('https://a.test/p?x=2')).not.toBe(pageKey('https://a.test/p?x=1'))
})
