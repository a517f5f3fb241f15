// The renderer's entry: the bridge first, the jobs store fed by its events, then the React tree
// with the two contexts (app info, library version).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { getBridge } from './bridge'
import { AppInfoProvider } from './state/app'
import { LibraryVersionProvider } from './state/library'
import { jobs } from './state/useJobs'
import './styles.css'

// Create the bridge first: in web mode it takes the token out of the address bar.
jobs.connect(getBridge())

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppInfoProvider>
      <LibraryVersionProvider>
        <App />
      </LibraryVersionProvider>
    </AppInfoProvider>
  </StrictMode>,
)
