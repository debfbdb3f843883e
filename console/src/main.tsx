import { render } from 'preact';
import { signedIn, signOut } from './api';
import { language, t, toggleLanguage } from './i18n';
import { Insight } from './pages/insight';
import { InsightUnit } from './pages/insight-unit';
import { Ledger } from './pages/ledger';
import { Overview } from './pages/overview';
import { Payments } from './pages/payments';
import { Reconciliation } from './pages/reconciliation';
import { SignIn } from './pages/sign-in';
import { Stuck } from './pages/stuck';
import { Timeline } from './pages/timeline';
import { route } from './router';

const pages = [
  { hash: '#/overview', label: 'overview' },
  { hash: '#/stuck', label: 'stuck' },
  { hash: '#/dossier/', label: 'timeline' },
  { hash: '#/payments', label: 'payments' },
  { hash: '#/insight', label: 'scorecard' },
  { hash: '#/reconciliation', label: 'reconciliation' },
  { hash: '#/ledger', label: 'ledger' },
] as const;

function Page() {
  const current = route.value;
  if (current.startsWith('#/stuck')) return <Stuck />;
  if (current.startsWith('#/payments')) return <Payments />;
  if (current.startsWith('#/insight/unit/')) {
    const unit = decodeURIComponent(current.slice('#/insight/unit/'.length));
    return <InsightUnit key={unit} unit={unit} />;
  }
  if (current.startsWith('#/insight')) return <Insight />;
  if (current.startsWith('#/reconciliation')) return <Reconciliation />;
  if (current.startsWith('#/ledger')) return <Ledger />;
  if (current.startsWith('#/dossier/')) {
    const code = decodeURIComponent(current.slice('#/dossier/'.length));
    return <Timeline key={code} code={code || null} />;
  }
  return <Overview />;
}

function App() {
  const label = t.value;
  document.documentElement.lang = language.value;
  document.title = label('appTitle');
  return (
    <>
      <a class="skip" href="#main">{label('skip')}</a>
      <header>
        <p class="brand">{label('appTitle')}</p>
        {signedIn.value && (
          <nav aria-label={label('appTitle')}>
            <ul>
              {pages.map((p) => (
                <li>
                  <a href={p.hash} aria-current={route.value.startsWith(p.hash) || (p.hash === '#/overview' && route.value === '') ? 'page' : undefined}>
                    {label(p.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div class="header-actions">
          <button type="button" onClick={toggleLanguage} aria-label={label('switchLanguage')} lang={language.value === 'vi' ? 'en' : 'vi'}>
            {label('language')}
          </button>
          {signedIn.value && (
            <button type="button" onClick={signOut}>
              {label('signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{signedIn.value ? <Page /> : <SignIn />}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
