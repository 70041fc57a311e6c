import { Link, Page } from '../components/ui';

export function HomePage() {
  return (
    <Page title="Complaints and discipline" heading="Make or follow a complaint">
      <p class="lead">
        If a member has discriminated against you, harassed you or broken the rules on conduct, tell us.
        Every complaint is logged, answered with reasons, and handled against published deadlines.
      </p>
      <div class="cards">
        <section class="card" aria-labelledby="card-complain">
          <h2 id="card-complain" class="h3">Make a complaint</h2>
          <p>Takes about 10 minutes. You can stay anonymous. You will get a receipt number and a secret to follow it.</p>
          <Link class="button" href="/complain">Start a complaint</Link>
        </section>
        <section class="card" aria-labelledby="card-status">
          <h2 id="card-status" class="h3">Follow your complaint</h2>
          <p>See where your complaint stands, read messages from the complaints unit and answer them.</p>
          <Link class="button button-secondary" href="/status">Check progress</Link>
        </section>
        <section class="card" aria-labelledby="card-process">
          <h2 id="card-process" class="h3">How the process works</h2>
          <p>Each stage, its deadline in working days, the possible outcomes and how to appeal.</p>
          <Link class="button button-secondary" href="/process">Read the process</Link>
        </section>
      </div>
      <p>How complaints have been handled, quarter by quarter: <Link href="/transparency">the transparency report</Link>.</p>
      <p class="small">Staff, panel members, respondents and oversight: <Link href="/login">sign in</Link>.</p>
    </Page>
  );
}
