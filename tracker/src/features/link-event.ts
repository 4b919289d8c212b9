/** Extensions whose links count as downloads unless `data-extensions` names others. */
export const DOWNLOAD_EXTENSIONS =
  'pdf,csv,txt,doc,docx,xls,xlsx,ppt,pptx,odt,ods,epub,zip,gz,rar,7z,dmg,exe,msi,pkg,apk,mp3,mp4,mov'

/** A link's target: an `<a>` element or a URL have these. */
export type LinkTarget = Pick<URL, 'href' | 'host' | 'protocol' | 'pathname'>

/**
 * What a click on a link means: a file download (its extension is in the comma-separated
 * `extensions`, or the link has a `download` attribute), an outbound click (http(s) to another
 * host than `host`), or nothing (same site, mailto:, tel:, javascript:). An empty `extensions`
 * switches downloads off; `outbound` false, outbound clicks.
 */
export function linkEvent(
  link: LinkTarget,
  hasDownloadAttribute: boolean,
  host: string,
  outbound: boolean,
  extensions: string,
): [name: string, props: Record<string, string>] | undefined {
  if (!/^https?:$/.test(link.protocol)) return undefined
  const file = link.pathname.slice(link.pathname.lastIndexOf('/') + 1)
  const dot = file.lastIndexOf('.')
  const extension = dot > 0 ? file.slice(dot + 1).toLowerCase() : ''
  if (extensions && (hasDownloadAttribute || `,${extensions},`.includes(`,${extension},`)))
    return [
      STEPWISE_EVENTS.fileDownload,
      {
        [STEPWISE_PROPS.targetUrl]: link.href,
        [STEPWISE_PROPS.fileName]: file,
        [STEPWISE_PROPS.fileExtension]: extension,
      },
    ]
  if (outbound && link.host !== host)
    return [
      STEPWISE_EVENTS.outboundClick,
      { [STEPWISE_PROPS.targetUrl]: link.href, [STEPWISE_PROPS.targetHost]: link.host },
    ]
  return undefined
}
