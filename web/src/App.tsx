import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Link, Loading, ErrorBox, Page } from './components/ui';
import { match, navigate, useLocation } from './lib/router';
import { homeFor, signOut, useSession, STAFF_CASE_ROLES } from './lib/session';
import { isParty } from './lib/caseFile';
import { HomePage } from './pages/HomePage';
import { ComplaintForm } from './pages/ComplaintForm';
import { StatusPage } from './pages/StatusPage';
import { ProcessPage } from './pages/ProcessPage';
import { LoginPage } from './pages/LoginPage';
import { QueuePage } from './pages/QueuePage';
import { CasePage } from './pages/CasePage';
import { BundlePage } from './pages/BundlePage';
import { MemberPage } from './pages/MemberPage';
import { AuditPage } from './pages/AuditPage';
import { MyCasePage } from './pages/MyCasePage';
import { AccountPage } from './pages/AccountPage';
import { InterestsPage } from './pages/InterestsPage';
import { AlertsPage } from './pages/AlertsPage';
import { AlertPage } from './pages/AlertPage';
import { RecommendationsPage } from './pages/RecommendationsPage';
import { RecommendationPage } from './pages/RecommendationPage';
import { PostsPage } from './pages/PostsPage';
import { PostPage } from './pages/PostPage';
import { SocialAccountPage, SocialAccountsPage } from './pages/SocialAccountsPage';
import { LexiconPage } from './pages/LexiconPage';
import { ALERT_READERS } from './lib/alerts';
import { POST_READERS } from './lib/posts';

// The dashboard and the transparency report bring the chart library; each is
// loaded only when opened, so the rest of the app starts small.
type Lazy = (props: Record<string, never>) => ComponentChildren;
function lazyPage(title: string, what: string, load: () => Promise<Lazy>) {
  let pending: Promise<Lazy> | null = null;
  return function LazyRoute() {
    const [component, setComponent] = useState<{ C: Lazy } | { error: unknown } | null>(null);
    useEffect(() => {
      pending ??= load();
      pending.then((C) => setComponent({ C }), (error) => {
        pending = null;
        setComponent({ error });
      });
    }, []);
    if (!component) return <Page title={title}><Loading what={what} /></Page>;
    if ('error' in component) return <Page title={title}><ErrorBox error={component.error} /></Page>;
    const C = component.C;
    return <>{C({})}</>;
  };
}
const DashboardRoute = lazyPage('Oversight dashboard', 'the dashboard',
  () => import('./pages/DashboardPage').then((m) => m.DashboardPage as unknown as Lazy));
const TransparencyRoute = lazyPage('Transparency report', 'the report',
  () => import('./pages/TransparencyPage').then((m) => m.TransparencyPage as unknown as Lazy));

function Header() {
  const session = useSession();
  const me = session.state === 'signed-in' ? session.me : null;
  const [busy, setBusy] = useState(false);
  return (
    <header class="site-header">
      <div class="site-header-inner">
        <Link href={me ? homeFor(me.role) : '/'} class="brand">docket</Link>
        <nav aria-label="Main">
          <ul class="nav">
            {!me && <>
              <li><Link href="/complain">Make a complaint</Link></li>
              <li><Link href="/status">Follow your complaint</Link></li>
              <li><Link href="/process">How it works</Link></li>
              <li><Link href="/transparency">Transparency</Link></li>
              <li><Link href="/recommendations">Recommendations</Link></li>
              <li><Link href="/login">Sign in</Link></li>
            </>}
            {me && <>
              {STAFF_CASE_ROLES.includes(me.role) && <li><Link href="/cases">Cases</Link></li>}
              {ALERT_READERS.includes(me.role) && <li><Link href="/alerts">Alerts</Link></li>}
              {POST_READERS.includes(me.role) && <li><Link href="/posts">Posts</Link></li>}
              {POST_READERS.includes(me.role) && <li><Link href="/accounts">Accounts</Link></li>}
              {me.role === 'oversight' && <li><Link href="/oversight">Dashboard</Link></li>}
              {me.role === 'respondent' && <li><Link href="/my-case">My cases</Link></li>}
              {!isParty(me.role) && <li><Link href="/interests">My interests</Link></li>}
              <li><Link href="/process">How it works</Link></li>
              <li><Link href="/transparency">Transparency</Link></li>
              <li><Link href="/recommendations">Recommendations</Link></li>
              <li class="nav-user"><span class="muted small">{me.username} · {me.role_title}</span></li>
              <li>
                <button type="button" class="link-button" disabled={busy} onClick={async () => {
                  setBusy(true);
                  try {
                    await signOut();
                  } finally {
                    setBusy(false);
                    navigate('/login?signed_out=1');
                  }
                }}>Sign out</button>
              </li>
            </>}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address. <Link href="/">Go to the start page</Link>.</p>
    </Page>
  );
}

function Routes() {
  const { path } = useLocation();
  let params: Record<string, string> | null;
  if (path === '/' || path === '') return <HomePage />;
  if (path === '/complain') return <ComplaintForm />;
  if (path === '/status') return <StatusPage />;
  if (path === '/process') return <ProcessPage />;
  if (path === '/login') return <LoginPage />;
  if (path === '/cases') return <QueuePage />;
  if (path === '/oversight') return <DashboardRoute />;
  if (path === '/my-case') return <MyCasePage />;
  if (path === '/account') return <AccountPage />;
  if (path === '/interests') return <InterestsPage />;
  if (path === '/transparency') return <TransparencyRoute />;
  if (path === '/alerts') return <AlertsPage />;
  if (path === '/recommendations') return <RecommendationsPage />;
  if (path === '/posts') return <PostsPage />;
  if (path === '/accounts') return <SocialAccountsPage />;
  if (path === '/lexicon') return <LexiconPage />;
  if ((params = match('/posts/:id', path))) return <PostPage key={params.id} id={params.id!} />;
  if ((params = match('/accounts/:id', path))) return <SocialAccountPage key={params.id} id={params.id!} />;
  if ((params = match('/alerts/:id', path))) return <AlertPage key={params.id} id={params.id!} />;
  if ((params = match('/recommendations/:report/:number', path))) return <RecommendationPage key={`${params.report}/${params.number}`} report={params.report!} number={params.number!} />;
  if ((params = match('/cases/:number', path))) return <CasePage number={params.number!} />;
  if ((params = match('/cases/:number/bundle', path))) return <BundlePage number={params.number!} />;
  if ((params = match('/cases/:number/audit', path))) return <AuditPage kind="case" id={params.number!} />;
  if ((params = match('/audit/:actor', path))) return <AuditPage kind="actor" id={params.actor!} />;
  if ((params = match('/members/:number', path))) return <MemberPage number={params.number!} />;
  return <NotFound />;
}

export function App() {
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        (document.querySelector('#main h1') as HTMLElement | null)?.focus();
      }}>Skip to main content</a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Routes />
      </main>
      <footer class="site-footer">
        <p class="small muted">
          docket: complaints handled fast, fairly, independently and visibly. Every read and change of a case is recorded.
          {' '}<Link href="/lexicon">The lexicon used to triage reported posts</Link> is published.
        </p>
      </footer>
    </>
  );
}
