// The client the board's reads (started by the page's first script, index.html) went through.
import { pageClient } from './page-start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { AppProvider } from './app-context';
import { I18nProvider } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <AppProvider client={pageClient}>
          <App />
        </AppProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
