import { useMe, useOptionalSite } from '../../session/session.tsx'
import { KeysSection } from './keys-section.tsx'
import { SitesSection } from './sites-section.tsx'
import { SnippetSection } from './snippet-section.tsx'
import { UsersSection } from './users-section.tsx'

/** Sites, the open site's keys and tracker snippet, and who may use it. */
export function SettingsPage() {
  const me = useMe()
  const current = useOptionalSite()
  const manages = current?.can('manage') ?? false
  return (
    <div className="page">
      <div className="page-head">
        <h1>Settings</h1>
        {current ? <span className="muted">{current.site.name}</span> : null}
      </div>
      <SitesSection />
      {current ? <SnippetSection /> : null}
      {current && manages ? <KeysSection /> : null}
      {current && (manages || me.user.instanceAdmin) ? <UsersSection /> : null}
      {current && !manages ? (
        <p className="notice">Keys and users of this site are managed by its admins.</p>
      ) : null}
    </div>
  )
}
