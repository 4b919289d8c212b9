// The full build, served as /s.js: the core and every autocapture feature, each switchable by data-auto.
import { campaign } from './features/campaign.ts'
import { clicks } from './features/clicks.ts'
import { forms } from './features/forms.ts'
import { links } from './features/links.ts'
import { pageLeave } from './features/page-leave.ts'
import { video } from './features/video.ts'
import { start } from './start.ts'

start([campaign, links, forms, video, pageLeave, clicks])
