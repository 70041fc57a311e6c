import { Link, Loading, Page, Notice } from '../components/ui';
import { useSession } from '../lib/session';

/** Where roles without case access land: administrators and political office holders, by design. */
export function AccountPage() {
  const session = useSession();
  return (
    <Page title="Your account">
      {session.state === 'unknown' && <Loading />}
      {session.state === 'anonymous' && <p>You are not signed in. <Link href="/login">Sign in</Link>.</p>}
      {session.state === 'signed-in' && <>
        <p>You are signed in as <strong>{session.me.username}</strong> ({session.me.role_title}).</p>
        <Notice>
          {session.me.role === 'political_office'
            ? 'Political office holders have no access to case files. This keeps complaints free of political interference, and every attempt is recorded.'
            : 'Your role has no access to case files. Accounts and the policy are managed with the docket command line.'}
        </Notice>
      </>}
    </Page>
  );
}
