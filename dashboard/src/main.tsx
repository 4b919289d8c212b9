import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createHttp } from './api/http.ts'
import { createStepwiseApi } from './api/stepwise-api.ts'
import { App } from './app/app.tsx'
import { SessionProvider } from './session/session.tsx'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('no #root element')
const api = createStepwiseApi(createHttp())
createRoot(root).render(
  <StrictMode>
    <SessionProvider api={api}>
      <App />
    </SessionProvider>
  </StrictMode>,
)
