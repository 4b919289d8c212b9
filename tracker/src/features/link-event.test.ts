import { describe, expect, it } from 'vitest'
import { DOWNLOAD_EXTENSIONS, linkEvent } from './link-event.ts'

const HOST = 'shop.test'
const at = (href: string, download = false, extensions = DOWNLOAD_EXTENSIONS, outbound = true) =>
  linkEvent(new URL(href), download, HOST, outbound, extensions)

describe('linkEvent', () => {
  it('reports a listed extension as a download, on any host, with file name and extension', () => {
    expect(at('https://cdn.test/files/Price%20List.PDF?x=1')).toEqual([
      '$file_download',
      { url: 'https://cdn.test/files/Price%20List.PDF?x=1', file_name: 'Price%20List.PDF', extension: 'pdf' },
    ])
  })

  it('reports a link with a download attribute as a download whatever its extension', () => {
    expect(at('https://shop.test/export', true)?.[0]).toBe('$file_download')
  })

  it('reports another host as outbound, the same host and non-http links as nothing', () => {
    expect(at('https://partner.test/a')).toEqual([
      '$outbound_click',
      { url: 'https://partner.test/a', host: 'partner.test' },
    ])
    expect(at('https://shop.test/cart')).toBeUndefined()
    expect(at('https://shop.test/notes.pdfx')).toBeUndefined()
    expect(at('mailto:a@b.test')).toBeUndefined()
  })

  it('honours switched-off features and a custom extension list', () => {
    expect(at('https://cdn.test/a.pdf', false, '')?.[0]).toBe('$outbound_click')
    expect(at('https://partner.test/a', false, DOWNLOAD_EXTENSIONS, false)).toBeUndefined()
    expect(at('https://shop.test/logo.svg', false, 'svg,ai')?.[0]).toBe('$file_download')
    expect(at('https://shop.test/a.pdf', false, 'svg,ai')).toBeUndefined()
  })
})
