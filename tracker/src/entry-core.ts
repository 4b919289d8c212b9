// The core build: page views (with SPA navigation), the API and its queue, consent.
import { start } from './start.ts'

start([])
