import { createServer } from 'vite'
import { dashboardViteConfig } from './vite-config.ts'

// `npm run dev:dashboard`: the dashboard with hot reload, the API proxied to a running Stepwise
// (http://127.0.0.1:8787, or STEPWISE_DEV_API).
const server = await createServer(dashboardViteConfig('dev'))
await server.listen()
server.printUrls()
